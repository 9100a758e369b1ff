// Counts JS↔wasm crossings of one kpeer negotiation (two peers in one headless Chromium page),
// and of 100 send() / 100 write() on the open channel. See bench/README.md, "Crossings".
//
//   node bench/crossings.mjs [distDir] [--json] [--runs N]
//
// distDir (default dist/) holds kpeer.js and kpeer.wasm; they are copied to a temp dir and served
// with a generated page. Before kpeer loads, an init script wraps WebAssembly.instantiate and
// instantiateStreaming so that:
//   - every function of the import object is wrapped: each call is one wasm→JS crossing
//     (the EM_JS functions of src/web/*.cpp and Emscripten's runtime imports);
//   - the instance handed back has a plain-object copy of its exports, every function wrapped:
//     each call is one JS→wasm crossing (peerCreate, peerSend, kpBrowserEvent, ...). Non-function
//     exports (memory, table) are passed through as they are.
// Wrappers are transparent (same arguments, `this`, return value, exceptions).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../tests/e2e/browser.mjs';
import { startStaticServer } from '../scripts/static-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MESSAGES = 100;

const args = process.argv.slice(2);
const JSON_OUT = args.includes('--json');
let RUNS = 5;
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--json') continue;
  if (args[i] === '--runs') { RUNS = Number(args[++i]); continue; }
  if (args[i].startsWith('--')) { console.error(`unknown option ${args[i]}`); process.exit(2); }
  positional.push(args[i]);
}
if (!(RUNS >= 1)) { console.error('--runs needs a positive number'); process.exit(2); }
const DIST = resolve(positional[0] || join(ROOT, 'dist'));
const TIMEOUT_MS = 30000 + 10000 * RUNS; // the whole script; one run takes about a second

// ---------------------------------------------------------------- in the page, before kpeer loads

function installCounters() {
  const W = WebAssembly;
  const X = { imports: new Map(), exports: new Map(), importSrc: {}, instantiated: 0 };
  window.__xc = X;
  const bump = (m, k) => m.set(k, (m.get(k) || 0) + 1);

  // wasm → JS: every function of the import object ("module.name" keys).
  const wrapImports = (importObject) => {
    if (!importObject || typeof importObject !== 'object') return importObject;
    const out = {};
    for (const [mod, ns] of Object.entries(importObject)) {
      if (!ns || typeof ns !== 'object') { out[mod] = ns; continue; }
      const wrapped = {};
      for (const [name, fn] of Object.entries(ns)) {
        if (typeof fn !== 'function') { wrapped[name] = fn; continue; }
        const key = `${mod}.${name}`;
        X.importSrc[key] = Function.prototype.toString.call(fn);
        wrapped[name] = function () { bump(X.imports, key); return fn.apply(this, arguments); };
      }
      out[mod] = wrapped;
    }
    return out;
  };

  // JS → wasm: a plain copy of the exports, functions wrapped, memory and table as they are.
  const wrapInstance = (instance) => {
    const exports = {};
    for (const [name, v] of Object.entries(instance.exports)) {
      exports[name] = typeof v !== 'function' ? v
        : function () { bump(X.exports, name); return v.apply(this, arguments); };
    }
    Object.freeze(exports);
    X.instantiated++;
    const fake = Object.create(W.Instance.prototype);
    Object.defineProperty(fake, 'exports', { value: exports, enumerable: true });
    return fake;
  };
  // instantiate(bytes) resolves to {module, instance}, instantiate(module) to an Instance.
  const finish = (r) => (r instanceof W.Instance ? wrapInstance(r) : { module: r.module, instance: wrapInstance(r.instance) });
  for (const fn of ['instantiate', 'instantiateStreaming']) {
    const original = W[fn];
    if (typeof original !== 'function') continue;
    W[fn] = function (source, imports) { return original.call(this, source, wrapImports(imports)).then(finish); };
  }

  X.reset = () => { X.imports.clear(); X.exports.clear(); };
  X.snapshot = () => ({ imports: Object.fromEntries(X.imports), exports: Object.fromEntries(X.exports) });
}

// One run, evaluated in the page: a fresh pair, connect, send ×N, write ×N, dispose (not counted).
async function runPair({ messages }) {
  const X = window.__xc;
  const { KPeer } = window.kpeer;
  const until = (flow, pred, what, ms = 15000) => new Promise((ok, fail) => {
    let sub = null;
    const t = setTimeout(() => { sub?.cancel(); fail(new Error(`timeout waiting for ${what}; last value: ${JSON.stringify(flow.value)}`)); }, ms);
    sub = flow.subscribe((v) => { if (pred(v)) { clearTimeout(t); queueMicrotask(() => sub.cancel()); ok(v); } });
  });
  const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
  const errors = [];
  const out = {};

  // connect: from two new KPeer to the channel open on both sides
  X.reset();
  let t0 = performance.now();
  const a = new KPeer({ initiator: true, iceServers: [] });
  const b = new KPeer({ initiator: false, iceServers: [] });
  a.on('error', (e) => errors.push(`a: ${e.code}: ${e.message}`));
  b.on('error', (e) => errors.push(`b: ${e.code}: ${e.message}`));
  a.onSignal((s) => b.signal(s).catch((e) => errors.push(`b.signal: ${e.code}: ${e.message}`)));
  b.onSignal((s) => a.signal(s).catch((e) => errors.push(`a.signal: ${e.code}: ${e.message}`)));
  const remote = new Promise((ok) => b.onChannel(ok));
  const ch = await a.createChannel({ label: 'x' });
  await until(ch.state, (s) => s === 'open', "a's channel open");
  const rch = await Promise.race([remote, sleep(15000).then(() => { throw new Error('b never received the channel'); })]);
  await until(rch.state, (s) => s === 'open', "b's channel open");
  out.connect = { ...X.snapshot(), ms: performance.now() - t0 };

  // late events of the negotiation (ICE, connection state) are left out of send/write
  await sleep(300);

  let received = 0;
  let wake = null;
  rch.onText(() => { received++; if (wake && received >= wake.n) { const w = wake; wake = null; w.ok(); } });
  const receivedAll = (n) => (received >= n ? Promise.resolve()
    : Promise.race([new Promise((ok) => { wake = { n, ok }; }),
      sleep(15000).then(() => { throw new Error(`only ${received}/${n} messages arrived`); })]));

  // send ×N, until the receiver has them all
  X.reset();
  received = 0;
  t0 = performance.now();
  let refused = 0;
  for (let i = 0; i < messages; i++) if (!ch.send('hello')) refused++;
  if (refused) errors.push(`send() refused ${refused} messages`);
  await receivedAll(messages - refused);
  out.send = { ...X.snapshot(), ms: performance.now() - t0 };

  // write ×N (each awaited), until the receiver has them all
  X.reset();
  received = 0;
  t0 = performance.now();
  for (let i = 0; i < messages; i++) await ch.write('hello');
  await receivedAll(messages);
  out.write = { ...X.snapshot(), ms: performance.now() - t0 };

  a.dispose();
  b.dispose();
  out.errors = errors;
  return out;
}

// ---------------------------------------------------------------- naming the minified imports/exports

// Export names from the glue (MINIMAL_RUNTIME): the instantiate callback assigns each export to a
// variable (`X=a.instance.exports;...;E=X.W;...`), the `api` of src/web/js-handles.pre.js calls
// them by name (`peerCreate:function(a,b){return E(h(a),h(b))}`); kpBrowserEvent and kpNormalizeStats are the ones
// its kpEvent() handlers and the getStats() continuation call.
function exportNames(glue) {
  const cb = glue.match(/(\w+)=\1\.instance\.exports[;,](.*?)\}\)/s);
  if (!cb) return {};
  const keyOf = {};
  for (const m of cb[2].matchAll(new RegExp(`([\\w$]+)=${cb[1]}\\.([\\w$]+)[;,]`, 'g'))) keyOf[m[1]] = m[2];
  const names = {};
  const name = (v, n) => { if (keyOf[v] !== undefined) names[keyOf[v]] = n; };
  for (const m of glue.matchAll(/(\w+):function\([\w,$]*\)\{([^}]*)\}/g)) {
    for (const call of m[2].matchAll(/([\w$]+)\(/g)) name(call[1], m[1] === 'liveWebPeers' ? 'peerLiveCount' : m[1]);
  }
  const event = glue.match(/return function\((\w+)\)\{([\w$]+)\(\w+,\w+,\w+,[\w$]+\(\1\)\)\}/);
  if (event) name(event[2], 'kpBrowserEvent');
  const stats = glue.match(/getStats\(\)\.then\(function\(\w+\)\{return [\w$]+\(([\w$]+)\(/);
  if (stats) name(stats[1], 'kpNormalizeStats');
  return names;
}

// Import labels from their source: closure renames variables, not property names or globals, so the
// first few long identifiers of the source (e.g. "send bufferedAmount", "createDataChannel") say
// what it does; without any, the start of its body.
const COMMON = new Set(['function', 'return', 'typeof', 'void', 'null', 'undefined', 'true', 'false', 'try', 'catch',
  'var', 'new', 'for', 'else', 'throw', 'break', 'instanceof', 'string', 'number', 'boolean', 'object', 'length',
  'String', 'message', 'Math', 'min', 'max', 'call', 'apply', 'this', 'then']);
function importLabel(src) {
  const words = [];
  for (const [w] of src.matchAll(/[A-Za-z_$][\w$]{2,}/g)) {
    if (!COMMON.has(w) && !words.includes(w)) words.push(w);
    if (words.length === 3) break;
  }
  if (words.length) return words.join(' ');
  const body = src.replace(/^[^{]*?(=>|\{)/, '').replace(/\}\s*$/, '').replace(/^\s*return\s+/, '').replace(/\s+/g, ' ').trim();
  return body.length > 40 ? `${body.slice(0, 40)}…` : body;
}

// ---------------------------------------------------------------- run

const median = (xs) => {
  const s = [...xs].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sum = (o) => Object.values(o).reduce((t, v) => t + v, 0);

async function main() {
  for (const f of ['kpeer.js', 'kpeer.wasm']) {
    if (!statSync(join(DIST, f), { throwIfNoEntry: false })?.isFile()) throw new Error(`${join(DIST, f)} not found`);
  }
  const dir = mkdtempSync(join(os.tmpdir(), 'kpeer-crossings-'));
  let browser = null;
  let server = null;
  try {
    copyFileSync(join(DIST, 'kpeer.js'), join(dir, 'kpeer.js'));
    copyFileSync(join(DIST, 'kpeer.wasm'), join(dir, 'kpeer.wasm'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>kpeer crossings</title>'
      + '<link rel="icon" href="data:,"><script type="module">import * as kpeer from "./kpeer.js"; window.kpeer = kpeer;</script>\n');
    const expNames = exportNames(readFileSync(join(dir, 'kpeer.js'), 'utf8'));
    if (!Object.keys(expNames).length) throw new Error('no export names found in kpeer.js (glue pattern changed?)');

    server = await startStaticServer({ root: dir });
    browser = await launchChromium();
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    page.setDefaultTimeout(60000);
    await page.addInitScript(installCounters);
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => window.kpeer !== undefined, null, { timeout: 20000 }).catch(() => {
      throw new Error(`kpeer did not load: ${pageErrors.join('; ') || 'no page error'}`);
    });
    const setup = await page.evaluate(() => ({ importSrc: window.__xc.importSrc, instantiated: window.__xc.instantiated }));
    if (setup.instantiated !== 1) throw new Error(`expected one wrapped wasm instance, saw ${setup.instantiated}`);

    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await page.evaluate(runPair, { messages: MESSAGES });
      if (r.errors.length) throw new Error(`run ${i + 1}: ${r.errors.join('; ')}`);
      runs.push(r);
      await page.waitForTimeout(200);
    }
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);

    const impNames = Object.fromEntries(Object.entries(setup.importSrc).map(([k, src]) => [k, `${k} (${importLabel(src)})`]));
    const expLabel = (k) => expNames[k] || k;
    const result = {
      dist: DIST, runs: RUNS, chromium: browser.version(), date: new Date().toISOString(),
      imports: impNames, exports: expNames, scenarios: {},
    };
    for (const name of ['connect', 'send', 'write']) {
      const samples = runs.map((r) => r[name]);
      const totals = samples.map((p) => ({ wasmToJs: sum(p.imports), jsToWasm: sum(p.exports), ms: Math.round(p.ms) }));
      const byName = (pick, label) => {
        const keys = new Set(samples.flatMap((p) => Object.keys(pick(p))));
        return Object.fromEntries([...keys].map((k) => [label(k), median(samples.map((p) => pick(p)[k] || 0))])
          .filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]));
      };
      const range = (f) => [Math.min(...totals.map(f)), Math.max(...totals.map(f))];
      result.scenarios[name] = {
        wasmToJs: median(totals.map((t) => t.wasmToJs)),
        jsToWasm: median(totals.map((t) => t.jsToWasm)),
        ms: median(totals.map((t) => t.ms)),
        range: { wasmToJs: range((t) => t.wasmToJs), jsToWasm: range((t) => t.jsToWasm) },
        perRun: totals,
        // medians per function (so they need not add up to the median totals)
        imports: byName((p) => p.imports, (k) => impNames[k] || k),
        exports: byName((p) => p.exports, expLabel),
      };
    }
    return result;
  } finally {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(r) {
  const TITLE = {
    connect: 'connect (new KPeer ×2 → channel open on both sides)',
    send: `send ×${MESSAGES} (until all received)`,
    write: `write ×${MESSAGES} (each awaited, until all received)`,
  };
  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);
  const top = (o, n) => Object.entries(o).slice(0, n);
  console.log(`kpeer JS↔wasm crossings — ${r.dist}`);
  console.log(`${r.runs} run(s), a fresh pair each in one page, medians; Chromium ${r.chromium}\n`);
  console.log(`${pad('scenario', 10)}${lpad('wasm→JS', 9)}${lpad('JS→wasm', 9)}${lpad('ms', 7)}   range wasm→JS / JS→wasm`);
  for (const [name, s] of Object.entries(r.scenarios)) {
    console.log(`${pad(name, 10)}${lpad(s.wasmToJs, 9)}${lpad(s.jsToWasm, 9)}${lpad(s.ms, 7)}   ${s.range.wasmToJs.join('–')} / ${s.range.jsToWasm.join('–')}`);
  }
  for (const [name, s] of Object.entries(r.scenarios)) {
    console.log(`\n${TITLE[name]}`);
    console.log('  wasm→JS (import: key (from its source)):');
    for (const [k, v] of top(s.imports, 10)) console.log(`    ${lpad(v, 5)}  ${k}`);
    console.log('  JS→wasm (export):');
    for (const [k, v] of top(s.exports, 8)) console.log(`    ${lpad(v, 5)}  ${k}`);
  }
}

const timer = setTimeout(() => {
  console.error(`crossings: timed out after ${TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, TIMEOUT_MS);

main().then((r) => {
  clearTimeout(timer);
  if (JSON_OUT) console.log(JSON.stringify(r, null, 2));
  else printTable(r);
}, (e) => {
  clearTimeout(timer);
  console.error(`crossings: ${e && e.message || e}`);
  process.exitCode = 1;
});
