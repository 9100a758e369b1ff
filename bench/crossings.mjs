// Counts JS↔wasm crossings of one kpeer negotiation (two peers in one headless Chromium page),
// and of 100 send() / 100 write() on the open channel. See bench/README.md, "Crossings".
//
//   node bench/crossings.mjs [distDir] [--json] [--runs N]
//
// distDir (default dist/) holds kpeer.js and kpeer.wasm; they are copied to a temp dir and served
// with a generated page. Before kpeer loads, an init script wraps:
//   - every function of the wasm import object (wasm→JS: embind's _emval_*, EM_JS, runtime),
//   - every function export of the instance (JS→wasm: malloc, free, ...),
//   - every function read from the module's table (WebAssembly.Table.prototype.get: embind's
//     invokers, i.e. the C++ side of each embind function call),
//   - every embind function on the Module object (peerSignal, kpeerBrowserEvent, ...), captured
//     when the glue assigns Module.asm.
// Wrappers are transparent (same arguments, `this`, return value, exceptions).
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../tests/e2e/browser.mjs';
import { startStaticServer } from '../scripts/static-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT_MS = 60000;

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

// ---------------------------------------------------------------- in the page, before kpeer loads

function installCounters() {
  const W = WebAssembly;
  const X = {
    imp: new Map(), exp: new Map(), tbl: new Map(), mod: new Map(), peer: new Map(), entry: new Map(),
    importSrc: {}, registered: [], module: null, fakeExports: null, memory: null,
    tables: new WeakSet(), tableCache: new WeakMap(), tableNames: {}, registering: null,
    depth: 0, key: 'outside', outer: '(none)', creating: null, alias: new Map(), nextNew: 0,
  };
  window.__xc = X;
  const bump = (m, k) => m.set(k, (m.get(k) || 0) + 1);
  // Counts per peer (X.key) and per outermost embind function (X.outer), bumped together.
  const cell = (m, k) => {
    let b = m.get(k);
    if (!b) m.set(k, (b = { wasmToJs: 0, jsToWasm: 0, embind: 0 }));
    return b;
  };
  const add = (field) => { cell(X.peer, X.key)[field]++; cell(X.entry, X.outer)[field]++; };
  const cstr = (ptr) => {
    if (!X.memory) return null;
    const u8 = new Uint8Array(X.memory.buffer);
    let end = ptr;
    while (end < u8.length && u8[end] !== 0) end++;
    return new TextDecoder().decode(u8.subarray(ptr, end));
  };

  // wasm → JS: the import object's functions.
  const wrapImports = (importObject) => {
    if (!importObject || typeof importObject !== 'object') return importObject;
    const done = new Map();
    const out = {};
    for (const [mod, ns] of Object.entries(importObject)) {
      if (!ns || typeof ns !== 'object') { out[mod] = ns; continue; }
      if (done.has(ns)) { out[mod] = done.get(ns); continue; }
      const wrapped = {};
      for (const [name, fn] of Object.entries(ns)) {
        if (fn instanceof W.Memory) X.memory = fn;
        if (fn instanceof W.Table) X.tables.add(fn);
        if (typeof fn !== 'function') { wrapped[name] = fn; continue; }
        const key = `${mod}.${name}`;
        const src = Function.prototype.toString.call(fn);
        X.importSrc[key] = src;
        // _embind_register_function(name, ...): its Table.get is the function's invoker.
        const registers = src.includes('nonexistant public symbol');
        // kp_bind_browser_event / kp_start_timer(peerId, ...): tells a new peer's id.
        const namesPeer = src.includes('kpeerBrowserEvent');
        wrapped[name] = function () {
          bump(X.imp, key);
          add('wasmToJs');
          if (namesPeer && X.creating) X.creating.add(arguments[0] >>> 0);
          if (!registers) return fn.apply(this, arguments);
          const prev = X.registering;
          X.registering = cstr(arguments[0]);
          if (X.registering) X.registered.push(X.registering);
          try { return fn.apply(this, arguments); } finally { X.registering = prev; }
        };
      }
      done.set(ns, wrapped);
      out[mod] = wrapped;
    }
    return out;
  };

  // JS → wasm: the instance's exported functions.
  const wrapInstance = (instance) => {
    const out = {};
    for (const [name, v] of Object.entries(instance.exports)) {
      if (typeof v === 'function') {
        out[name] = function () {
          bump(X.exp, name);
          add('jsToWasm');
          return v.apply(this, arguments);
        };
      } else {
        out[name] = v;
        if (v instanceof W.Memory) X.memory = v;
        if (v instanceof W.Table) X.tables.add(v);
      }
    }
    Object.freeze(out);
    X.fakeExports = out;
    const fake = Object.create(W.Instance.prototype);
    Object.defineProperty(fake, 'exports', { value: out, enumerable: true });
    return fake;
  };
  const finish = (r) => (r instanceof W.Instance ? wrapInstance(r) : { module: r.module, instance: wrapInstance(r.instance) });
  const instantiate = W.instantiate;
  W.instantiate = function (source, imports) { return instantiate.call(this, source, wrapImports(imports)).then(finish); };
  if (typeof W.instantiateStreaming === 'function') {
    const streaming = W.instantiateStreaming;
    W.instantiateStreaming = function (source, imports) { return streaming.call(this, source, wrapImports(imports)).then(finish); };
  }

  // JS → wasm through the function table (embind calls C++ through wasmTable.get(invoker)).
  const tableGet = W.Table.prototype.get;
  W.Table.prototype.get = function (index) {
    const raw = tableGet.apply(this, arguments);
    if (typeof raw !== 'function' || !X.tables.has(this)) return raw;
    if (X.registering) (X.tableNames[index] ||= []).push(X.registering);
    let cache = X.tableCache.get(this);
    if (!cache) X.tableCache.set(this, (cache = new Map()));
    const hit = cache.get(index);
    if (hit && hit.raw === raw) return hit.wrapped;
    // Embind shares one invoker between functions of the same signature: the label is the
    // table slot, named at the end by every function registered with it.
    const wrapped = function () {
      bump(X.tbl, index);
      add('jsToWasm');
      return raw.apply(this, arguments);
    };
    cache.set(index, { raw, wrapped });
    return wrapped;
  };

  // The Module object: the glue does Module.asm = instance.exports (our frozen copy).
  Object.defineProperty(Object.prototype, 'asm', {
    configurable: true,
    set(v) {
      Object.defineProperty(this, 'asm', { value: v, writable: true, configurable: true, enumerable: true });
      if (v === X.fakeExports) { X.module = this; delete Object.prototype.asm; }
    },
  });

  // Wraps Module[name] for every embind-registered function; attributes crossings to a peer by
  // the outermost embind call: peer*(handle, ...) → the handle, kpeerBrowserEvent(peerId, ...) →
  // the id, peerCreate → the handle it returns (and the ids its bind/timer imports name).
  X.wrapModule = () => {
    const M = X.module;
    if (!M) return false;
    for (const name of new Set(X.registered)) {
      const f = M[name];
      if (typeof f !== 'function' || f.__xcWrapped) continue;
      const wrapped = function () {
        bump(X.mod, name);
        const outer = X.depth++ === 0;
        let made = null;
        if (outer) {
          X.outer = name;
          if (name === 'kpeerBrowserEvent') X.key = `id:${arguments[0] >>> 0}`;
          else if (name === 'peerCreate') { X.key = made = `new:${++X.nextNew}`; X.creating = new Set(); }
          else if (typeof arguments[0] === 'number') X.key = `h:${arguments[0]}`;
          else X.key = 'other';
        }
        add('embind');
        try {
          const r = f.apply(this, arguments);
          if (made) {
            X.alias.set(made, `h:${r}`);
            for (const id of X.creating) X.alias.set(`id:${id}`, `h:${r}`);
          }
          return r;
        } finally {
          if (--X.depth === 0) { X.key = 'outside'; X.outer = '(none)'; X.creating = null; }
        }
      };
      Object.assign(wrapped, f);
      wrapped.__xcWrapped = true;
      M[name] = wrapped;
    }
    return true;
  };

  X.reset = () => { for (const m of [X.imp, X.exp, X.tbl, X.mod, X.peer, X.entry]) m.clear(); };
  // handles: {a: a._wp, b: b._wp} to name the buckets.
  X.snapshot = (handles = {}) => {
    const byHandle = new Map(Object.entries(handles).map(([n, h]) => [`h:${h}`, n]));
    const peers = {};
    for (const [key, c] of X.peer) {
      let k = key;
      for (let i = 0; i < 4 && X.alias.has(k); i++) k = X.alias.get(k);
      const n = byHandle.get(k) || (key === 'outside' ? 'outside' : 'other');
      const p = (peers[n] ||= { wasmToJs: 0, jsToWasm: 0, embind: 0 });
      p.wasmToJs += c.wasmToJs; p.jsToWasm += c.jsToWasm; p.embind += c.embind;
    }
    return {
      imports: Object.fromEntries(X.imp), exports: Object.fromEntries(X.exp),
      table: Object.fromEntries(X.tbl), embind: Object.fromEntries(X.mod), peers, entries: Object.fromEntries(X.entry),
    };
  };
}

// The scenario, evaluated in the page once per run (a fresh pair each time).
async function runPair({ settleMs, messages }) {
  const X = window.__xc;
  const { KPeer } = window.kpeer;
  if (!X.wrapModule()) throw new Error('the Module object was not captured (Module.asm assignment not seen)');
  const until = (flow, pred, what, ms = 15000) => new Promise((ok, fail) => {
    let sub = null;
    const t = setTimeout(() => { sub?.cancel(); fail(new Error(`timeout waiting for ${what}; last value: ${JSON.stringify(flow.value)}`)); }, ms);
    sub = flow.subscribe((v) => { if (pred(v)) { clearTimeout(t); queueMicrotask(() => sub.cancel()); ok(v); } });
  });
  const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
  const errors = [];
  const out = {};
  let handles = {};

  // connect: from new KPeer to the channel open on both sides
  X.reset();
  let t0 = performance.now();
  const a = new KPeer({ initiator: true, iceServers: [] });
  const b = new KPeer({ initiator: false, iceServers: [] });
  handles = { a: a._wp, b: b._wp };
  a.on('error', (e) => errors.push(`a: ${e.code}: ${e.message}`));
  b.on('error', (e) => errors.push(`b: ${e.code}: ${e.message}`));
  a.onSignal((s) => b.signal(s).catch((e) => errors.push(`b.signal: ${e.code}: ${e.message}`)));
  b.onSignal((s) => a.signal(s).catch((e) => errors.push(`a.signal: ${e.code}: ${e.message}`)));
  const remote = new Promise((ok) => b.onChannel(ok));
  const ch = await a.createChannel({ label: 'x' });
  await until(ch.state, (s) => s === 'open', "a's channel open");
  const rch = await Promise.race([remote, sleep(15000).then(() => { throw new Error('b never received the channel'); })]);
  await until(rch.state, (s) => s === 'open', "b's channel open");
  out.connect = { ...X.snapshot(handles), ms: performance.now() - t0 };

  // settle: background work right after open (late ICE/state events, timers), nothing called
  X.reset();
  await sleep(settleMs);
  out.settle = { ...X.snapshot(handles), ms: settleMs };

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
  out.send = { ...X.snapshot(handles), ms: performance.now() - t0 };

  // write ×N (each awaited), until the receiver has them all
  X.reset();
  received = 0;
  t0 = performance.now();
  for (let i = 0; i < messages; i++) await ch.write('hello');
  await receivedAll(messages);
  out.write = { ...X.snapshot(handles), ms: performance.now() - t0 };

  // dispose both, plus what arrives in the next 100 ms
  X.reset();
  t0 = performance.now();
  a.dispose();
  b.dispose();
  await sleep(100);
  out.dispose = { ...X.snapshot(handles), ms: performance.now() - t0 };
  out.errors = errors;
  return out;
}

// ---------------------------------------------------------------- naming the minified imports/exports

// Export names from the glue: Module._malloc = ... Module.asm.S ...
function exportNames(glue) {
  const names = {};
  for (const m of glue.matchAll(/\.([\w$]+)\s*=\s*[\w$]+\.asm\.([\w$]+)\s*\)/g)) names[m[2]] = m[1];
  for (const m of glue.matchAll(/\[\s*["']([\w$]+)["']\s*\]\s*=\s*[\w$]+\[\s*["']asm["']\s*\]\s*\[\s*["']([\w$]+)["']\s*\]/g)) names[m[2]] = m[1];
  return names;
}

// EM_JS(ret, name, (params), { body }) in the repository's C++ sources: name → distinctive words.
function emJsTable() {
  const table = [];
  const files = [];
  const walk = (dir) => {
    let entries = [];
    try { entries = readdirSync(dir); } catch { return; }
    for (const e of entries) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(c|cc|cpp|h|hpp)$/.test(e)) files.push(p);
    }
  };
  walk(join(ROOT, 'src'));
  const STOP = new Set(['Emval', 'toValue', 'toHandle', 'var', 'return', 'try', 'catch', 'function', 'Module', 'UTF8ToString',
    'HEAPU8', 'HEAP8', 'HEAP16', 'HEAPU16', 'HEAP32', 'HEAPU32', 'HEAPF32', 'HEAPF64', 'new', 'typeof', 'instanceof', 'null',
    'true', 'false', 'else', 'undefined', 'this', 'const', 'let', 'for', 'while']);
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/EM_JS\s*\(\s*[^,]+,\s*([\w$]+)\s*,\s*\(([^)]*)\)\s*,\s*\{/g)) {
      let depth = 1;
      let i = m.index + m[0].length;
      const start = i;
      for (; i < text.length && depth > 0; i++) { if (text[i] === '{') depth++; else if (text[i] === '}') depth--; }
      const body = text.slice(start, i - 1);
      const params = new Set(m[2].split(',').map((p) => p.trim().split(/[\s*&]+/).pop()).filter(Boolean));
      const words = new Set([...body.replace(/\/\/.*$/gm, '').matchAll(/[A-Za-z_$][\w$]{2,}/g)].map((w) => w[0])
        .filter((w) => !STOP.has(w) && !params.has(w)));
      table.push({ name: m[1], words });
    }
  }
  return table;
}

// Emscripten 3.1.x library imports, recognised by their strings or their shape (closure and
// esbuild rename every identifier; strings, property names and structure survive).
const ID = '[\\w$]+';
const re = (s) => new RegExp(s);
const LIBRARY = [
  ['_embind_register_function', 'embind-register', (s) => /nonexistant public symbol/.test(s)],
  ['_embind_register_bool', 'embind-register', (s) => /Unknown boolean type size/.test(s)],
  ['_embind_register_std_string', 'embind-register', (s) => /std::string/.test(s)],
  ['_embind_register_std_wstring', 'embind-register', (s) => /Cannot pass non-string to C\+\+ string type/.test(s)],
  ['_embind_register_memory_view', 'embind-register', (s) => /Int8Array,\s*Uint8Array,\s*Int16Array/.test(s)],
  ['_embind_register_integer', 'embind-register', (s) => /includes\(\s*["']unsigned["']\s*\)/.test(s)],
  ['_embind_register_void', 'embind-register', (s) => /argPackAdvance:\s*0/.test(s)],
  ['_embind_register_float', 'embind-register', (s) => re(`fromWireType:\\s*function\\s*\\((${ID})\\)\\s*\\{\\s*return\\s+\\1\\s*;?\\s*\\}`).test(s)],
  ['_embind_register_emval', 'embind-register', (s) => /fromWireType:/.test(s) && /toWireType:/.test(s)],
  ['_emval_as', 'emval', (s) => /emval::as/.test(s)],
  ['_emval_take_value', 'emval', (s) => /_emval_take_value/.test(s)],
  ['_emval_get_method_caller', 'emval', (s) => /"_\$"|'_\$'/.test(s)],
  ['emscripten_get_now', 'runtime', (s) => /performance\.now\(\)/.test(s) && s.length < 80],
  ['emscripten_resize_heap', 'runtime', (s) => /\.grow\(/.test(s)],
  ['_emval_decref', 'emval', (s) => re(`4\\s*<\\s*${ID}\\s*&&\\s*--`).test(s)],
  ['_emval_incref', 'emval', (s) => re(`4\\s*<\\s*${ID}\\s*&&\\s*\\(?\\s*${ID}\\[${ID}\\]\\.${ID}\\s*\\+=\\s*1`).test(s)],
  ['_emval_is_number', 'emval', (s, n) => n === 1 && s.length < 90 && /typeof\s*[\w$]+\s*===?\s*["']number["']/.test(s)],
  ['_emval_is_string', 'emval', (s, n) => n === 1 && s.length < 90 && /typeof\s*[\w$]+\s*===?\s*["']string["']/.test(s)],
  ['_emval_new_object', 'emval', (s, n) => n === 0 && /\(\s*\{\s*\}\s*\)/.test(s)],
  ['_emval_get_global', 'emval', (s, n) => n === 1 && re(`${ID}\\(\\)\\[${ID}\\]`).test(s)],
  ['_emval_new', 'emval', (s, n) => n === 4 && /\|\|\s*\(/.test(s) && !/kpeer/.test(s)],
  ['_emval_call_method', 'emval', (s, n) => n === 5 && />>\s*2\s*\]\s*=/.test(s) && /=\s*\[\s*\]/.test(s)],
  ['_emval_call_void_method', 'emval', (s, n) => n === 4 && /,\s*null\s*,/.test(s) && !/kpeer|Timeout/.test(s)],
  ['_emval_set_property', 'emval', (s, n) => n === 3 && re(`${ID}\\[${ID}\\]\\s*=\\s*${ID}\\s*;?\\s*\\}$`).test(s)],
  ['_emval_get_property', 'emval', (s, n) => n === 2 && re(`return.*${ID}\\(${ID}\\[${ID}\\]\\)\\s*;?\\s*\\}$`).test(s)],
  ['_emval_get_module_property', 'emval', (s, n) => n === 1 && re(`^[^{]*\\{\\s*return.*${ID}\\(${ID}\\[${ID}\\]\\)\\s*;?\\s*\\}$`).test(s)],
  ['_emval_new_cstring', 'emval', (s, n) => n === 1 && re(`^[^{]*\\{\\s*return\\s+${ID}\\(${ID}\\(${ID}\\)\\)\\s*;?\\s*\\}$`).test(s)],
  ['_emval_run_destructors', 'emval', (s, n) => n === 1 && re(`^[^{]*\\{\\s*var ${ID}\\s*=\\s*${ID}\\(${ID}\\)\\s*[;,]\\s*${ID}\\(${ID}\\)\\s*[;,]\\s*${ID}\\(${ID}\\)\\s*;?\\s*\\}$`).test(s)],
  ['abort', 'runtime', (s, n) => n === 0 && /\(\s*""\s*\)/.test(s) && s.length < 40],
  ['_embind_register_bigint?', 'embind-register', (s) => /^[^{]*\{\s*\}$/.test(s)],
];

function paramCount(src) {
  const m = src.match(/^(?:async\s+)?(?:function\s*[\w$]*\s*)?\(([^)]*)\)/) || src.match(/^([\w$]+)\s*=>/);
  if (!m) return -1;
  return m[1].trim() === '' ? 0 : m[1].split(',').length;
}

function labelImports(importSrc, emjs) {
  const labels = {};
  for (const [key, src] of Object.entries(importSrc)) {
    const s = src.trim();
    const n = paramCount(s);
    const lib = LIBRARY.find(([, , test]) => test(s, n));
    if (lib) { labels[key] = { name: lib[0], kind: lib[1] }; continue; }
    const words = new Set([...s.matchAll(/[A-Za-z_$][\w$]{2,}/g)].map((w) => w[0]));
    let best = null;
    for (const e of emjs) {
      let hit = 0;
      for (const w of e.words) if (words.has(w)) hit++;
      const score = hit + hit / Math.max(1, e.words.size); // ties: the more specific one
      if (hit > 0 && (!best || score > best.score)) best = { name: e.name, score };
    }
    if (best) { labels[key] = { name: best.name, kind: 'EM_JS' }; continue; }
    labels[key] = { name: `${key} ${s.slice(0, 48).replace(/\s+/g, ' ')}…`, kind: '?' };
  }
  return labels;
}

// ---------------------------------------------------------------- run

const median = (xs) => {
  const s = [...xs].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sum = (o) => Object.values(o || {}).reduce((t, v) => t + v, 0);

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
    const glue = readFileSync(join(dir, 'kpeer.js'), 'utf8');

    server = await startStaticServer({ root: dir });
    browser = await launchChromium();
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    page.setDefaultTimeout(TIMEOUT_MS);
    await page.addInitScript(installCounters);
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => window.kpeer !== undefined, null, { timeout: 20000 }).catch(() => {
      throw new Error(`kpeer did not load: ${pageErrors.join('; ') || 'no page error'}`);
    });
    const setup = await page.evaluate(() => ({
      importSrc: window.__xc.importSrc, registered: window.__xc.registered, module: !!window.__xc.module,
      tableNames: window.__xc.tableNames,
    }));
    if (!setup.module) throw new Error('the Module object was not captured');

    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await page.evaluate(runPair, { settleMs: 300, messages: 100 });
      if (r.errors.length) throw new Error(`run ${i + 1}: ${r.errors.join('; ')}`);
      runs.push(r);
      await page.waitForTimeout(200);
    }
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);

    const impLabels = labelImports(setup.importSrc, emJsTable());
    const expNames = exportNames(glue);
    const phases = ['connect', 'settle', 'send', 'write', 'dispose'];
    const result = {
      dist: DIST, runs: RUNS, chromium: browser.version(), date: new Date().toISOString(),
      imports: impLabels,
      exports: expNames, embindFunctions: [...new Set(setup.registered)], phases: {},
    };
    for (const phase of phases) {
      const samples = runs.map((r) => r[phase]);
      const totals = samples.map((p) => ({
        wasmToJs: sum(p.imports), exports: sum(p.exports), table: sum(p.table),
        jsToWasm: sum(p.exports) + sum(p.table), embind: sum(p.embind), ms: p.ms,
      }));
      const med = (f) => median(totals.map(f));
      const names = (pick, label) => {
        const all = new Set(samples.flatMap((p) => Object.keys(pick(p))));
        return Object.fromEntries([...all].map((k) => [label(k), median(samples.map((p) => pick(p)[k] || 0))])
          .filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]));
      };
      const byKind = {};
      for (const [k, v] of Object.entries(names((p) => p.imports, (k) => k))) {
        const kind = impLabels[k]?.kind || '?';
        byKind[kind] = (byKind[kind] || 0) + v;
      }
      const peerNames = new Set(samples.flatMap((p) => Object.keys(p.peers)));
      result.phases[phase] = {
        wasmToJs: med((t) => t.wasmToJs),
        jsToWasm: med((t) => t.jsToWasm),
        jsToWasmExports: med((t) => t.exports),
        jsToWasmTable: med((t) => t.table),
        embindCalls: med((t) => t.embind),
        ms: Math.round(med((t) => t.ms)),
        range: {
          wasmToJs: [Math.min(...totals.map((t) => t.wasmToJs)), Math.max(...totals.map((t) => t.wasmToJs))],
          jsToWasm: [Math.min(...totals.map((t) => t.jsToWasm)), Math.max(...totals.map((t) => t.jsToWasm))],
        },
        perRun: totals.map(({ ms, ...t }) => ({ ...t, ms: Math.round(ms) })),
        wasmToJsByKind: byKind,
        imports: names((p) => p.imports, (k) => impLabels[k]?.name || k),
        exports: names((p) => p.exports, (k) => expNames[k] || k),
        table: names((p) => p.table, (k) => (setup.tableNames[k] ? `invoker(${[...new Set(setup.tableNames[k])].join('|')})` : `table[${k}]`)),
        embind: names((p) => p.embind, (k) => k),
        // crossings inside each outermost embind call (the call itself included), by function
        byEntry: Object.fromEntries([...new Set(samples.flatMap((p) => Object.keys(p.entries)))].map((n) => [n, {
          calls: median(samples.map((p) => p.entries[n]?.embind || 0)),
          wasmToJs: median(samples.map((p) => p.entries[n]?.wasmToJs || 0)),
          jsToWasm: median(samples.map((p) => p.entries[n]?.jsToWasm || 0)),
        }]).sort((x, y) => y[1].wasmToJs + y[1].jsToWasm - x[1].wasmToJs - x[1].jsToWasm)),
        perPeer: Object.fromEntries([...peerNames].sort().map((n) => [n, {
          wasmToJs: median(samples.map((p) => p.peers[n]?.wasmToJs || 0)),
          jsToWasm: median(samples.map((p) => p.peers[n]?.jsToWasm || 0)),
          embind: median(samples.map((p) => p.peers[n]?.embind || 0)),
        }])),
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
  const P = {
    connect: 'connect (pair, new KPeer ×2 → channel open on both)',
    settle: 'settle (300 ms idle after open)',
    send: 'send ×100 (until all received)',
    write: 'write ×100 (awaited, until all received)',
    dispose: 'dispose ×2 (+100 ms)',
  };
  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);
  const top = (o, n = 10) => Object.entries(o).slice(0, n).map(([k, v]) => `${k} ${v}`).join(', ') || '—';
  console.log(`kpeer JS↔wasm crossings — ${r.dist}`);
  console.log(`${r.runs} runs (fresh pair each, one page), medians; Chromium ${r.chromium}\n`);
  console.log(`${pad('phase', 10)}${lpad('wasm→JS', 9)}${lpad('JS→wasm', 9)}${lpad('(exports', 10)}${lpad('+table)', 8)}${lpad('embind', 8)}${lpad('ms', 7)}   per peer a | b | other (wasm→JS/JS→wasm)`);
  for (const [name, p] of Object.entries(r.phases)) {
    const peers = ['a', 'b', 'other', 'outside'].filter((n) => p.perPeer[n])
      .map((n) => `${n} ${p.perPeer[n].wasmToJs}/${p.perPeer[n].jsToWasm}`).join(' | ');
    console.log(`${pad(name, 10)}${lpad(p.wasmToJs, 9)}${lpad(p.jsToWasm, 9)}${lpad(p.jsToWasmExports, 10)}${lpad(p.jsToWasmTable, 8)}${lpad(p.embindCalls, 8)}${lpad(p.ms, 7)}   ${peers}`);
  }
  for (const [name, p] of Object.entries(r.phases)) {
    console.log(`\n${P[name]}  (wasm→JS range ${p.range.wasmToJs.join('–')}, JS→wasm range ${p.range.jsToWasm.join('–')})`);
    console.log(`  embind calls:   ${top(p.embind)}`);
    const entries = Object.entries(p.byEntry).slice(0, 6)
      .map(([n, e]) => `${n} ×${e.calls} → ${e.wasmToJs}/${e.jsToWasm}`).join(', ');
    console.log(`  by entry point (calls → wasm→JS/JS→wasm inside): ${entries || '—'}`);
    console.log(`  wasm→JS kinds:  ${top(p.wasmToJsByKind)}`);
    console.log(`  wasm→JS top:    ${top(p.imports)}`);
    console.log(`  JS→wasm:        ${top({ ...p.exports, ...p.table })}`);
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
