// The globals a test page gives the suites (pair, until, kpeer), shared by tests/e2e/pages/blank.html
// and the Node runtime (tests/node/runtime.mjs), which passes the WebRTC implementation to inject.
export function installPageHelpers(target, kpeer, { wrtc, warn = true } = {}) {
  const injected = wrtc ? { wrtc } : {};
  // Two peers, signals relayed directly (JSON round trip, as over a network).
  // relay.delayMs: each signal takes that long to arrive (in order), like a signaling server.
  // relay.rewrite(signal, from): what is delivered instead (a misbehaving remote, in tests).
  // relay.rejections: each signal() rejection, as {at, code, message}.
  target.pair = async (optsA = {}, optsB = {}, relay = {}) => {
    const a = new kpeer.KPeer({ initiator: true, iceServers: [], ...injected, ...optsA });
    const b = new kpeer.KPeer({ initiator: false, iceServers: [], ...injected, ...optsB });
    const deliver = (fn) => (relay.delayMs ? setTimeout(fn, relay.delayMs) : fn());
    const rewrite = (s, from) => (relay.rewrite ? relay.rewrite(s, from) : s);
    const rejected = (at) => (e) => {
      if (warn) console.warn(at + '.signal', e.code, e.message);
      if (relay.rejections) relay.rejections.push({ at, code: e.code, message: e.message });
    };
    a.onSignal((s) => deliver(() => b.signal(JSON.parse(JSON.stringify(rewrite(s, 'a')))).catch(rejected('b'))));
    b.onSignal((s) => deliver(() => a.signal(JSON.stringify(rewrite(s, 'b'))).catch(rejected('a'))));
    return { a, b };
  };
  target.until = (flow, predicate, ms = 10000) => new Promise((resolve, reject) => {
    const t = setTimeout(() => { sub.cancel(); reject(new Error('timeout waiting; last value: ' + JSON.stringify(flow.value))); }, ms);
    const sub = flow.subscribe((v) => { if (predicate(v)) { clearTimeout(t); queueMicrotask(() => sub.cancel()); resolve(v); } });
  });
  target.kpeer = kpeer;
}
