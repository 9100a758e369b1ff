// Two peers in this page connect and exchange messages, all under the page's strict CSP.
import * as kpeer from '/dist/kpeer.js';

const status = document.getElementById('status');
const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout: ${what}`)), ms));
const first = (flow, predicate) => new Promise((resolve) => {
  const sub = flow.subscribe((v) => { if (predicate(v)) { queueMicrotask(() => sub.cancel()); resolve(v); } });
});

async function run() {
  const a = new kpeer.KPeer({ initiator: true, iceServers: [] });
  const b = new kpeer.KPeer({ initiator: false, iceServers: [] });
  a.onSignal((s) => b.signal(JSON.parse(JSON.stringify(s))));
  b.onSignal((s) => a.signal(JSON.stringify(s)));
  const atB = new Promise((resolve) => b.onChannel(resolve));
  const ach = await a.createChannel({ label: 'csp' });
  const bch = await atB;
  await Promise.all([first(ach.state, (s) => s === 'open'), first(bch.state, (s) => s === 'open')]);
  const textAtB = new Promise((resolve) => bch.onText(resolve));
  const bytesAtA = new Promise((resolve) => ach.onBytes(resolve));
  ach.send('hello from a');
  await bch.write(new Uint8Array([1, 2, 3]));
  const [text, bytes] = await Promise.all([textAtB, bytesAtA]);
  const stats = await a.getStats();
  const result = {
    text,
    bytes: Array.from(bytes),
    states: [a.connectionState.value, b.connectionState.value],
    statsDirect: stats.direct,
    version: kpeer.version,
  };
  a.dispose();
  b.dispose();
  result.liveWebPeers = kpeer.diagnostics.liveWebPeers();
  return result;
}

window.kpeer = kpeer;
window.cspResult = Promise.race([run(), timeout(15000, 'connect and exchange')]).then(
  (r) => { status.textContent = 'done'; return { ok: true, ...r }; },
  (e) => { status.textContent = 'failed'; return { ok: false, error: `${e && e.name}: ${e && e.message}` }; },
);
