// kpeer in Node.js with an injected WebRTC implementation, for the e2e suites that only use
// inPage(fn): with KPEER_RUNTIME=node-wrtc (@roamhq/wrtc) or node-ndc (node-datachannel/polyfill)
// the functions run in this process, with the globals a test page has (kpeer, pair, until).
// kpeer is imported by package name, so Node resolves the package's "node" export.
import { after, before } from 'node:test';
import { installPageHelpers } from '../e2e/pages/page-helpers.js';

export const RUNTIME = process.env.KPEER_RUNTIME || '';
export const IMPLEMENTATIONS = {
  'node-wrtc': async () => (await import('@roamhq/wrtc')).default,
  'node-ndc': async () => import('node-datachannel/polyfill'),
};

// What an implementation cannot do, by test name, with the reason (shown as the skip message).
const NO_RESTART = "node-datachannel's polyfill does not implement restartIce() (it throws 'Not implemented'; " +
  'kpeer reports negotiation-failed, see tests/node/node.test.mjs)';
export const SKIPS = {
  'node-ndc': {
    'candidates delivered before the offer are buffered and applied after it: the pair connects':
      'node-datachannel puts its first candidates in the SDP and trickles the rest after connecting: none can precede the offer',
    'restartIce(): a new offer with fresh credentials; the channel keeps delivering': NO_RESTART,
    'restartIce() from the answerer (polite side) works too': NO_RESTART,
    "an answer that claims this side's DTLS role is corrected: the restart completes and messages flow": NO_RESTART,
    'a remote answer the browser refuses is rolled back: signal() says so, and the next restart negotiates': NO_RESTART,
  },
};

export async function loadImplementation(name = RUNTIME) {
  const load = IMPLEMENTATIONS[name];
  if (!load) throw new Error(`unknown KPEER_RUNTIME '${name}'; expected one of ${Object.keys(IMPLEMENTATIONS).join(', ')}`);
  return load();
}

export function useNode() {
  const ctx = { name: RUNTIME, node: true };
  before(async () => {
    const wrtc = await loadImplementation();
    // Peers made with `new kpeer.KPeer(...)` directly (no wrtc) use the globals, as in a browser.
    for (const k of ['RTCPeerConnection', 'RTCSessionDescription', 'RTCIceCandidate']) if (wrtc[k]) globalThis[k] = wrtc[k];
    installPageHelpers(globalThis, await import('kpeer'), { wrtc, warn: false });
  });
  after(async () => {
    // Closed connections finish tearing down on native threads; exiting under them crashes
    // @roamhq/wrtc (SIGSEGV). node-datachannel keeps its threads until told to stop.
    await new Promise((ok) => setTimeout(ok, 1000));
    if (RUNTIME === 'node-ndc') (await import('node-datachannel')).cleanup?.();
  });
  // A page logs an unhandled rejection (a test's fire-and-forget signal() after dispose); so does this.
  process.on('unhandledRejection', (e) => { if (process.env.KPEER_DEBUG) console.warn('unhandled rejection:', e); });
  ctx.inPage = async (fn, arg) => fn(arg);
  ctx.page = () => { throw new Error('this test needs a browser page; it does not run in Node'); };
  return ctx;
}
