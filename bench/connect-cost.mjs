// Where a connect's main-thread time goes, kpeer against the raw RTCPeerConnection, in one
// headless Chromium page (bench/page.html's `connect` workload: two peers → channel open on both).
//
//   node bench/connect-cost.mjs [--rounds N]        (default 30, alternating kpeer / raw)
//
// Two measurements, each over its own alternating rounds:
//  1. cost: the renderer's main-thread metrics around each timed connect (CDP Performance.getMetrics
//     with thread ticks): TaskDuration (all main-thread work), ScriptDuration (JS and wasm,
//     including the browser calls they make), as per-connect means, and the wall time.
//  2. breakdown: self time per category, from wrappers installed before anything loads, on a
//     5 µs clock (the page is cross-origin isolated): each wasm export (JS→wasm, its own time
//     without the calls below it), each wasm import (wasm→JS: the EM_JS functions and Emscripten's
//     runtime), the RTCPeerConnection/RTCDataChannel calls (the browser's work, the same for
//     both). js/'s event delivery runs in promise reactions (js/flow.js `microtask`), which no
//     wrapper reaches: it is in (1)'s task time, not in this breakdown. A wrapper costs time
//     itself; the overhead per wrapped call is measured on an empty function and subtracted.
// Names in the breakdown are the build's minified ones, labelled by the start of their source
// (imports) or by the exports' names in the glue (see bench/crossings.mjs for the same labelling).
import { launchChromium } from '../tests/e2e/browser.mjs';
import { startStaticServer } from '../scripts/static-server.mjs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const ROUNDS = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 30;
if (!(ROUNDS >= 1)) { console.error('--rounds needs a positive number'); process.exit(2); }
const WARMUP = 2;
const CONTENDERS = ['kpeer', 'raw'];

const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
const server = await startStaticServer({ root: ROOT, routes: { '/': { headers: isolation } } });
const browser = await launchChromium();
const timeout = setTimeout(() => { console.error('connect-cost: timed out'); process.exit(1); }, 60000 + ROUNDS * 4000);

// ---------------------------------------------------------------- in the page, before kpeer loads

function instrument() {
  const now = performance.now.bind(performance);
  const self = new Map();
  const calls = new Map();
  const stack = [];
  const timed = (name, f) => function (...a) {
    const frame = { child: 0 };
    stack.push(frame);
    const t0 = now();
    try { return f.apply(this, a); } finally {
      const dt = now() - t0;
      stack.pop();
      self.set(name, (self.get(name) || 0) + dt - frame.child);
      calls.set(name, (calls.get(name) || 0) + 1);
      if (stack.length) stack[stack.length - 1].child += dt;
    }
  };
  window.__cost = { self, calls, timed, enabled: false };
  const wrapMethods = (proto, prefix, names) => {
    for (const n of names) if (typeof proto[n] === 'function') proto[n] = timed(`${prefix}${n}`, proto[n]);
  };
  wrapMethods(RTCPeerConnection.prototype, 'browser: pc.', ['setLocalDescription', 'setRemoteDescription', 'addIceCandidate',
    'createDataChannel', 'createOffer', 'createAnswer', 'close', 'getStats']);
  wrapMethods(RTCDataChannel.prototype, 'browser: dc.', ['send', 'close']);
  const Native = RTCPeerConnection;
  const construct = timed('browser: new RTCPeerConnection', (...a) => new Native(...a));
  window.RTCPeerConnection = function RTCPeerConnection(...a) { return construct(...a); };
  window.RTCPeerConnection.prototype = Native.prototype;
  const label = (f) => String(f).replace(/\s+/g, ' ').replace(/^function ?\w*/, '').slice(0, 60);
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async function (bytes, imports) {
    for (const mod of Object.values(imports || {})) {
      for (const [k, f] of Object.entries(mod)) if (typeof f === 'function') mod[k] = timed(`wasm→JS ${k}: ${label(f)}`, f);
    }
    const r = await instantiate.call(this, bytes, imports);
    const instance = r.instance || r;
    const exports = {};
    for (const [k, v] of Object.entries(instance.exports)) exports[k] = typeof v === 'function' ? timed(`JS→wasm ${k}`, v) : v;
    const wrapped = { exports };
    return r.instance ? { module: r.module, instance: wrapped } : wrapped;
  };
}

const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const mean = (a) => a.reduce((s, x) => s + x, 0) / a.length;

async function openPage(withWrappers) {
  const page = await browser.newPage();
  if (withWrappers) await page.addInitScript(instrument);
  await page.goto(`${server.url}/bench/page.html`);
  await page.waitForFunction(() => window.benchReady === true);
  return page;
}

// ---------------------------------------------------------------- 1. main-thread cost

const costPage = await openPage(false);
const cdp = await costPage.context().newCDPSession(costPage);
await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
const cost = Object.fromEntries(CONTENDERS.map((c) => [c, { wall: [], task: [], script: [] }]));
const ratios = [];
for (let r = 0; r < WARMUP + ROUNDS; r++) {
  const wall = {};
  for (const name of r % 2 ? [...CONTENDERS].reverse() : CONTENDERS) {
    await costPage.evaluate(() => window.bench.settle(60));
    const before = await metrics();
    const { ms } = await costPage.evaluate((n) => window.bench.connectTimed(n), name);
    const after = await metrics();
    await costPage.evaluate(() => window.bench.teardown());
    if (r < WARMUP) continue;
    wall[name] = ms;
    cost[name].wall.push(ms);
    cost[name].task.push((after.TaskDuration - before.TaskDuration) * 1000);
    cost[name].script.push((after.ScriptDuration - before.ScriptDuration) * 1000);
  }
  if (r >= WARMUP) ratios.push(wall.kpeer / wall.raw);
}
await costPage.close();

// ---------------------------------------------------------------- 2. breakdown

const page = await openPage(true);
if (!(await page.evaluate(() => crossOriginIsolated))) console.warn('connect-cost: the page is not cross-origin isolated (100 µs clock)');
// The wrapper's own cost per call, on an empty function (nested, as most wrapped calls are).
const overheadMs = await page.evaluate(() => {
  const { timed, self, calls } = window.__cost;
  const outer = timed('calibrate-outer', (f) => { for (let i = 0; i < 20000; i++) f(); });
  const inner = timed('calibrate-inner', () => {});
  outer(inner);
  const perCall = self.get('calibrate-outer') / 20000;  // the inner wrapper's time outside its own frame
  self.clear(); calls.clear();
  return perCall;
});
const breakdown = Object.fromEntries(CONTENDERS.map((c) => [c, new Map()]));
for (let r = 0; r < WARMUP + ROUNDS; r++) {
  for (const name of r % 2 ? [...CONTENDERS].reverse() : CONTENDERS) {
    await page.evaluate(() => window.bench.settle(60));
    const got = await page.evaluate(async (name) => {
      const { self, calls } = window.__cost;
      self.clear(); calls.clear();
      await window.bench.connectTimed(name);
      return [...self].map(([k, ms]) => [k, ms, calls.get(k)]);
    }, name);
    await page.evaluate(() => window.bench.teardown());
    if (r < WARMUP) continue;
    for (const [k, ms, n] of got) {
      const e = breakdown[name].get(k) || { ms: 0, n: 0 };
      e.ms += ms; e.n += n;
      breakdown[name].set(k, e);
    }
  }
}
clearTimeout(timeout);
await browser.close();
await server.close();

// ---------------------------------------------------------------- report

console.log(`connect cost — ${ROUNDS} alternating rounds per measurement, one page, means per connect (two peers)\n`);
console.log('contender  wall (median)  main-thread task  of it script (JS + wasm + browser calls)');
for (const c of CONTENDERS) {
  const x = cost[c];
  console.log(`${c.padEnd(9)}  ${med(x.wall).toFixed(2).padStart(8)} ms  ${mean(x.task).toFixed(2).padStart(11)} ms  ${mean(x.script).toFixed(2).padStart(10)} ms`);
}
console.log(`kpeer/raw wall, median of per-round ratios: ${med(ratios).toFixed(3)}`);
console.log(`\nself time by category (wrapper overhead ${(overheadMs * 1000).toFixed(2)} µs per call subtracted):`);
const grouped = (c) => {
  const groups = new Map();
  for (const [k, { ms, n }] of breakdown[c]) {
    const g = k.startsWith('browser:') ? 'browser calls' : k.startsWith('JS→wasm') ? 'wasm (exports, own time)'
      : k.startsWith('wasm→JS') ? 'glue (EM_JS and runtime imports)' : k.startsWith('js/') ? 'js/ event delivery' : 'other';
    const e = groups.get(g) || { ms: 0, n: 0 };
    e.ms += ms / ROUNDS - (n / ROUNDS) * overheadMs; e.n += n / ROUNDS;
    groups.set(g, e);
  }
  return groups;
};
for (const c of CONTENDERS) {
  console.log(`  ${c}`);
  for (const [g, { ms, n }] of [...grouped(c)].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`    ${ms.toFixed(3).padStart(7)} ms  ${n.toFixed(0).padStart(4)} calls  ${g}`);
  }
}
for (const [c, top] of [['kpeer', 16], ['raw', 8]]) {
  console.log(`\n${c}, the largest items:`);
  const items = [...breakdown[c]].map(([k, { ms, n }]) => [k, ms / ROUNDS - (n / ROUNDS) * overheadMs, n / ROUNDS])
    .sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, ms, n] of items) console.log(`  ${ms.toFixed(3).padStart(7)} ms  ${n.toFixed(1).padStart(6)}×  ${k}`);
}
process.exit(0);
