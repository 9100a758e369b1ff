// `npm run bench`: kpeer against raw RTCPeerConnection/RTCDataChannel and simple-peer, all in one
// headless Chromium run. Rounds alternate the contenders (each round starting one later), and
// each workload reports the median of the per-round ratios to raw, which cancels most of the
// machine's drift. Writes bench/results.json and bench/chart.svg; see bench/README.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { launchChromium, launchFirefox } from '../tests/e2e/browser.mjs';
import { startStaticServer } from '../scripts/static-server.mjs';
import { renderChart } from './chart.mjs';
import { topSelfTime } from './profile.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH = fileURLToPath(new URL('.', import.meta.url));
const OUT = `${BENCH}out/`;
const PAGE = '/bench/page.html';

// ---------------------------------------------------------------- configuration (env)

const envInt = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${v}'`);
  return n;
};
const runsFor = (key, fallback) => envInt(`BENCH_RUNS_${key}`, envInt('BENCH_RUNS', fallback));
const WARMUP = envInt('BENCH_WARMUP', 1); // rounds run first and not recorded (JIT, caches)
const CHANNELS = envInt('BENCH_CHANNELS', 64);
// The scaling curve: N channels opened at once on a connected pair, half from each side (Chromium
// allows 1024 SCTP streams, ids split even/odd between the sides: one side alone stops near 512).
const CURVE = (process.env.BENCH_CURVE || '1,16,64,256,1000').split(',').map((x) => Number(x.trim())).filter((n) => n > 0);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
const PROFILE = process.env.BENCH_PROFILE === '1';
const specOverrides = {};
if (process.env.BENCH_BULK_MB) specOverrides.bulk = { count: Math.round(Number(process.env.BENCH_BULK_MB) * 16) };
if (process.env.BENCH_SMALL_COUNT) specOverrides.small = { count: envInt('BENCH_SMALL_COUNT', 20000) };
if (process.env.BENCH_RAW_HWM || process.env.BENCH_RAW_LOW) {
  specOverrides.rawFlow = {};
  if (process.env.BENCH_RAW_HWM) specOverrides.rawFlow.hwm = envInt('BENCH_RAW_HWM', 0);
  if (process.env.BENCH_RAW_LOW) specOverrides.rawFlow.low = envInt('BENCH_RAW_LOW', 0);
}
if (process.env.BENCH_KPEER_HWM) specOverrides.kpeerHwm = envInt('BENCH_KPEER_HWM', 0);

// 'raw-again': the raw contender once more in every round, measured and summarized like the
// others: its ratio to raw is the run's own noise floor (an A/A control), next to kpeer's.
// BENCH_CONTROL=0 leaves it out.
const CONTROL = process.env.BENCH_CONTROL === '0' ? [] : ['raw-again'];
const ALL = ['kpeer', 'raw', 'simple-peer', ...CONTROL];
// BENCH_BROWSER=firefox: the one-page workloads in Firefox (puppeteer-core; no CPU column, no
// profile: those read Chromium's DevTools protocol), written to bench/results-firefox.json.
const FIREFOX = process.env.BENCH_BROWSER === 'firefox';
// kind 'time': lower is better, ratio = kpeer ms / raw ms; 'rate': higher is better.
const WORKLOADS = [
  { id: 'connect', title: 'connect', kind: 'time', unit: 'ms', runs: runsFor('CONNECT', 21), contenders: ALL,
    target: { op: '<=', value: 1.15 }, what: 'two new peers → channel open on both sides (one page)' },
  { id: 'channels64', title: `${CHANNELS} channels`, kind: 'time', unit: 'ms', runs: runsFor('CHANNELS', 7),
    contenders: ['kpeer', 'raw', 'simple-peer'], target: null,
    what: `${CHANNELS} channels created at once on a connected pair → all open on both sides (one page)` },
  { id: 'small-1p', title: 'small, 1 page', kind: 'rate', unit: 'msg/s', runs: runsFor('SMALL', 15), contenders: ALL,
    target: { op: '>=', value: 0.95 }, what: '64 B × 20 000, messages/s received (both peers in one page)' },
  { id: 'small-2p', title: 'small, 2 pages', kind: 'rate', unit: 'msg/s', runs: runsFor('SMALL', 15), contenders: ALL,
    target: { op: '>=', value: 0.95 }, what: '64 B × 20 000, messages/s received (sender and receiver in two pages)' },
  { id: 'bulk-1p', title: 'bulk, 1 page', kind: 'rate', unit: 'MB/s', runs: runsFor('BULK', 15), contenders: ALL,
    target: { op: '>=', value: 0.95 }, what: '64 KiB × 512 = 32 MiB with flow control, MB/s (both peers in one page)' },
  { id: 'bulk-2p', title: 'bulk, 2 pages', kind: 'rate', unit: 'MB/s', runs: runsFor('BULK', 15), contenders: ALL,
    target: { op: '>=', value: 0.95 }, what: '64 KiB × 512 = 32 MiB with flow control, MB/s (two pages)' },
  ...CURVE.map((n) => ({
    id: `scale-${n}`, title: `${n} channels, both sides`, kind: 'time', unit: 'ms', runs: runsFor('SCALING', 3),
    contenders: ['kpeer', 'raw'], target: null, channels: n, split: true,
    what: `${n} channels created at once on a connected pair, half from each side → all open on both sides (one page)`,
  })),
].filter((w) => (!ONLY || ONLY.has(w.id) || (w.channels && w.split && ONLY.has('scaling'))) && !(FIREFOX && w.id.endsWith('-2p')));
const BUNDLE_TARGET_BYTES = 40 * 1024; // gzip -9 of dist/kpeer.js + dist/kpeer.wasm (as scripts/size-budget.mjs)

// ---------------------------------------------------------------- small utilities

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sh = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8' }).trim(); } catch { return null; } };
const elapsed = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const log = (...a) => console.log(...a);

function fmtValue(v, unit) {
  if (!Number.isFinite(v)) return '—';
  if (unit === 'msg/s') return `${Math.round(v).toLocaleString('en-US')} msg/s`;
  if (unit === 'MB/s') return `${v.toFixed(2)} MB/s`;
  if (unit === 'ms') return `${v.toFixed(1)} ms`;
  return `${v}`;
}

// ---------------------------------------------------------------- browser side

async function newBenchPage(context, url, label, pageLog) {
  const page = await context.newPage();
  if (!FIREFOX) {
    page.cdp = await context.newCDPSession(page);
    await page.cdp.send('Performance.enable');
  }
  page.on('pageerror', (e) => { pageLog.push({ page: label, type: 'pageerror', text: String(e) }); log(`  [${label}] page error: ${e}`); });
  page.on('console', (m) => {
    const type = m.type();
    if (type !== 'warning' && type !== 'error') return;
    pageLog.push({ page: label, type, text: m.text() });
    if (type === 'error') log(`  [${label}] console.error: ${m.text()}`);
  });
  return page;
}

async function openPage(page, url) {
  await page.goto(url + PAGE);
  // Playwright takes (fn, arg, options), Puppeteer (fn, options).
  if (FIREFOX) await page.waitForFunction(() => window.benchReady === true, { timeout: 30000 });
  else await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 });
  if (Object.keys(specOverrides).length) await page.evaluate((o) => window.bench.configure(o), specOverrides);
}

// Two pages in two browser contexts (two renderer processes); signals relayed by this script.
async function openTwoPages(browser, url, pageLog) {
  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  const A = await newBenchPage(ctxA, url, 'sender', pageLog);
  const B = await newBenchPage(ctxB, url, 'receiver', pageLog);
  const pages = { A, B };
  const chains = { A: Promise.resolve(), B: Promise.resolve() };
  // In order per direction; a signal for a page whose endpoint is not there yet waits in the page.
  const forward = (to) => (json) => {
    chains[to] = chains[to].then(() => pages[to].evaluate((j) => window.bench.remote.deliver(j), json))
      .catch((e) => pageLog.push({ page: to, type: 'relay', text: String(e) }));
  };
  await A.exposeFunction('__benchSignal', forward('B'));
  await B.exposeFunction('__benchSignal', forward('A'));
  await openPage(A, url);
  await openPage(B, url);
  return { A, B, close: async () => { await ctxA.close(); await ctxB.close(); } };
}

// Renderer CPU time (Performance.getMetrics: ThreadTime = main thread, ProcessTime = the whole
// renderer process, WebRTC's threads included), summed over pages, in ms. On a loaded machine wall
// time also counts waiting for a core; CPU time does not, so it is recorded beside it.
async function cpuNow(pages) {
  let thread = 0;
  let proc = 0;
  for (const p of pages) {
    const { metrics } = await p.cdp.send('Performance.getMetrics');
    for (const m of metrics) {
      if (m.name === 'ThreadTime') thread += m.value * 1000;
      if (m.name === 'ProcessTime') proc += m.value * 1000;
    }
  }
  return { thread, proc };
}
async function withCpu(pages, fn) {
  if (pages.some((p) => !p.cdp)) return { ...(await fn()), cpu: null };
  const c0 = await cpuNow(pages);
  const r = await fn();
  const c1 = await cpuNow(pages);
  return { ...r, cpu: { threadMs: c1.thread - c0.thread, processMs: c1.proc - c0.proc } };
}

// The order of each round: a shuffle from a fixed seed (the same orders every run). A fixed order,
// or one rotated each round, keeps who runs right after whom: measured 2026-12-03, the contender
// after simple-peer connected ~10% slower (raw against itself: 1.11), and that was kpeer until then.
function roundOrders(list, rounds, seed = 0x6b706572) {
  let x = seed >>> 0;
  const next = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 2 ** 32; };
  return Array.from({ length: rounds }, () => {
    const order = [...list];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  });
}

// UDP datagrams the kernel dropped for a full socket receive buffer, IPv4 and IPv6 together (Linux;
// null elsewhere). Drops would make SCTP retransmit and slow a round; every bench sample of
// 2026-12-03 had none, so its slow rounds have other causes (bench/README.md, Method). Chromium's
// host candidates here are IPv6: counting only IPv4's `Udp:` line, as until then, read 0 always.
function udpDrops() {
  try {
    const snmp = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
    const keys = snmp[0].split(/\s+/);
    const v4 = Number(snmp[1].split(/\s+/)[keys.indexOf('RcvbufErrors')]);
    let v6 = 0;
    try { v6 = Number(readFileSync('/proc/net/snmp6', 'utf8').match(/^Udp6RcvbufErrors\s+(\d+)/m)?.[1] ?? 0); } catch { /* no IPv6 */ }
    return v4 + v6;
  } catch { return null; }
}

// One measurement; returns { value, ms, ok, cpu, error?, ... }.
async function measure(w, contender, env) {
  const kind = w.id.startsWith('bulk') ? 'bulk' : 'small';
  const { page } = env;
  // simple-peer has one data channel per peer by design: nothing to measure.
  if (w.id === 'channels64' && contender === 'simple-peer') return { ok: false, unsupported: true };
  try {
    let r;
    if (w.id === 'connect') {
      try {
        r = await withCpu([page], () => page.evaluate((n) => window.bench.connectTimed(n), contender));
        r.ok = await page.evaluate(() => window.bench.ping());
      } finally { await page.evaluate(() => window.bench.teardown()); }
    } else if (w.id === 'channels64' || w.split || w.id.endsWith('-1p')) {
      try {
        await page.evaluate((n) => window.bench.setup(n), contender);
        r = await withCpu([page], () => (w.id === 'channels64'
          ? page.evaluate((c) => window.bench.runChannels(c), CHANNELS)
          : w.split ? page.evaluate((c) => window.bench.runChannelsBothSides(c), w.channels)
          : page.evaluate((k) => window.bench.runTransfer(k), kind)));
      } finally { await page.evaluate(() => window.bench.teardown()); }
    } else {
      r = await twoPageTransfer(env.two, contender, kind);
    }
    if (r.unsupported) return { ok: false, unsupported: true };
    let value = r.ms;
    if (w.unit === 'MB/s') value = r.bytes / 1e6 / (r.ms / 1000);
    if (w.unit === 'msg/s') value = r.count / (r.ms / 1000);
    return { ...r, value };
  } catch (e) {
    return { ok: false, error: String(e.message || e).split('\n')[0] };
  } finally {
    const pages = env.two ? [env.two.A, env.two.B] : [env.page];
    await Promise.all(pages.map((p) => p.evaluate(() => window.bench.settle()).catch(() => {})));
  }
}

async function twoPageTransfer({ A, B }, contender, kind) {
  try {
    await A.evaluate((k) => window.bench.prepare(k), kind);
    await A.evaluate((n) => window.bench.remote.start(n, true), contender);
    await B.evaluate((n) => window.bench.remote.start(n, false), contender);
    await Promise.all([A.evaluate(() => window.bench.remote.waitOpen()), B.evaluate(() => window.bench.remote.waitOpen())]);
    await B.evaluate((k) => window.bench.remote.arm(k), kind);
    const r = await withCpu([A, B], () => A.evaluate((k) => window.bench.remote.send(k), kind));
    // The sender's selected candidate pair: whether every contender took the same path.
    r.path = await A.evaluate(() => window.bench.remote.path()).catch(() => null);
    return r;
  } finally {
    await A.evaluate(() => window.bench.remote.close()).catch(() => {});
    await B.evaluate(() => window.bench.remote.close()).catch(() => {});
  }
}

// ---------------------------------------------------------------- statistics

function summarize(w, samples) {
  const rows = {};
  const byRound = new Map();
  for (const s of samples) {
    if (!byRound.has(s.round)) byRound.set(s.round, {});
    byRound.get(s.round)[s.contender] = s;
  }
  for (const c of w.contenders) {
    const mine = samples.filter((s) => s.contender === c);
    const valid = mine.filter((s) => s.ok);
    const ratios = [];
    for (const round of byRound.values()) {
      const x = round[c];
      const raw = round.raw;
      if (x?.ok && raw?.ok) ratios.push(x.value / raw.value);
    }
    const cpuRatios = [];
    for (const round of byRound.values()) {
      const x = round[c];
      const raw = round.raw;
      if (x?.ok && raw?.ok && x.cpu && raw.cpu?.processMs > 0) cpuRatios.push(x.cpu.processMs / raw.cpu.processMs);
    }
    const ratio = c === 'raw' ? (valid.length ? 1 : NaN) : median(ratios);
    const t = c === 'kpeer' ? w.target : null;
    rows[c] = {
      median: median(valid.map((s) => s.value)),
      min: Math.min(...valid.map((s) => s.value)),
      max: Math.max(...valid.map((s) => s.value)),
      n: valid.length,
      failed: mine.filter((s) => !s.ok && !s.unsupported).length,
      unsupported: mine.length > 0 && mine.every((s) => s.unsupported),
      errors: [...new Set(mine.filter((s) => !s.ok && !s.unsupported).map((s) => s.error || 'verification failed'))],
      ratios,
      ratio,
      cpuMs: median(valid.map((s) => s.cpu?.processMs)),
      cpuRatios,
      cpuRatio: c === 'raw' ? (valid.length ? 1 : NaN) : median(cpuRatios),
      target: t,
      met: t && Number.isFinite(ratio) ? (t.op === '<=' ? ratio <= t.value : ratio >= t.value) : null,
    };
  }
  return rows;
}

function bundleSizes() {
  const entry = (name, files) => {
    const parts = files.map((f) => {
      const buf = readFileSync(`${ROOT}${f}`);
      return { file: f, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
    });
    return { name, files: parts, raw: parts.reduce((s, p) => s + p.raw, 0), gzip: parts.reduce((s, p) => s + p.gzip, 0) };
  };
  const list = [
    entry('kpeer', ['dist/kpeer.js', 'dist/kpeer.wasm']),
    entry('simple-peer', ['node_modules/simple-peer/simplepeer.min.js']),
    entry('peerjs', ['node_modules/peerjs/dist/peerjs.min.js']),
  ];
  const kp = list[0];
  kp.target = { op: '<=', bytes: BUNDLE_TARGET_BYTES };
  kp.met = kp.gzip <= BUNDLE_TARGET_BYTES;
  return list;
}

// Which build was measured: dist/ changes under a running benchmark when someone rebuilds.
function distFingerprint() {
  const h = createHash('sha256');
  for (const f of ['dist/kpeer.js', 'dist/kpeer.wasm']) h.update(readFileSync(`${ROOT}${f}`));
  return h.digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------- output

function printTable(results) {
  const header = ['workload', 'contender', 'median', 'ratio to raw', 'target', 'met?', 'cpu/raw', 'n'];
  const rows = [];
  for (const w of results.workloads) {
    for (const c of w.contenders) {
      const r = w.summary[c];
      let median = fmtValue(r.median, w.unit);
      if (r.unsupported) median = 'n/a (one channel per peer)';
      else if (r.failed) median += ` (${r.failed} failed)`;
      const ratio = c === 'raw' ? (r.n ? '1.00' : '—') : (Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '—');
      const target = r.target ? `${r.target.op === '<=' ? '≤' : '≥'} ${r.target.value.toFixed(2)}` : '';
      const met = r.met === null ? '' : r.met ? 'yes' : 'NO';
      const cpu = Number.isFinite(r.cpuRatio) ? r.cpuRatio.toFixed(2) : '';
      rows.push([w.id, c, median, ratio, target, met, cpu, r.unsupported ? '' : `${r.n}/${r.n + r.failed}`]);
    }
  }
  for (const b of results.bundle) {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    rows.push(['bundle (gzip -9)', b.name, `${kb(b.gzip)} (raw ${kb(b.raw)})`, '', b.target ? `≤ ${kb(b.target.bytes)}` : '',
      b.target ? (b.met ? 'yes' : 'NO') : '', '', '']);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const right = new Set([2, 3, 6]);
  const line = (cells) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(header), widths.map((n) => '-'.repeat(n)).join('  ')];
  let last = null;
  for (const r of rows) {
    if (last !== null && r[0] !== last) out.push('');
    last = r[0];
    out.push(line(r));
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- profiling (BENCH_PROFILE=1)

// Profiles kpeer and raw (one warm run first): connect, small-1p and bulk-1p in one page, and the
// sender page of small-2p / bulk-2p. Writes bench/out/profile-*.cpuprofile (open in DevTools).
async function profileRuns(page, two) {
  const jobs = [
    ['connect', page, (n) => window.bench.connect(n), 10],
    ['channels64', page, (n) => window.bench.channels(n, 64), 3],
    ['small-1p', page, (n) => window.bench.transfer(n, 'small'), 1],
    ['bulk-1p', page, (n) => window.bench.transfer(n, 'bulk'), 1],
    ['small-2p', two?.A, (n) => n, 1],
    ['bulk-2p', two?.A, (n) => n, 1],
  ];
  const report = [];
  for (const [id, target, fn, rounds] of jobs) {
    if ((ONLY && !ONLY.has(id)) || !target) continue;
    const cdp = await target.context().newCDPSession(target);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    for (const contender of ['kpeer', 'raw']) {
      const kind = id.startsWith('bulk') ? 'bulk' : 'small';
      let t0 = 0;
      let stopped = false;
      // two pages: start the profiler on the sender page right before the send (after connecting).
      const once = async (profile) => {
        if (!id.endsWith('-2p')) {
          if (profile) await cdp.send('Profiler.start');
          await target.evaluate(fn, contender);
          return;
        }
        await two.A.evaluate((k) => window.bench.prepare(k), kind);
        await two.A.evaluate((n) => window.bench.remote.start(n, true), contender);
        await two.B.evaluate((n) => window.bench.remote.start(n, false), contender);
        await Promise.all([two.A.evaluate(() => window.bench.remote.waitOpen()), two.B.evaluate(() => window.bench.remote.waitOpen())]);
        await two.B.evaluate((k) => window.bench.remote.arm(k), kind);
        if (profile) await cdp.send('Profiler.start');
        await two.A.evaluate((k) => window.bench.remote.send(k), kind);
        await two.A.evaluate(() => window.bench.remote.close());
        await two.B.evaluate(() => window.bench.remote.close());
      };
      await once(false);
      await target.evaluate(() => window.bench.settle());
      t0 = Date.now();
      for (let i = 0; i < rounds; i++) await once(i === 0);
      const { profile } = await cdp.send('Profiler.stop');
      stopped = true;
      await target.evaluate(() => window.bench.settle());
      const file = `${OUT}profile-${id}-${contender}.cpuprofile`;
      writeFileSync(file, JSON.stringify(profile));
      const top = topSelfTime(profile, 15);
      report.push({ workload: id, contender, file: file.slice(ROOT.length), wallMs: Date.now() - t0, top });
      log(`\nCPU profile ${id} / ${contender}${id.endsWith('-2p') ? ' (sender page)' : ''} (${file.slice(ROOT.length)}): top self time`);
      for (const t of top.rows) log(`  ${t.ms.toFixed(1).padStart(8)} ms ${t.pct.toFixed(1).padStart(5)}%  ${t.name}`);
      log(`  total sampled ${top.totalMs.toFixed(0)} ms${stopped ? '' : ''}`);
    }
    await cdp.detach();
  }
  return report;
}

// ---------------------------------------------------------------- main

async function main() {
  const tStart = Date.now();
  mkdirSync(OUT, { recursive: true });
  const server = await startStaticServer({ root: ROOT });
  const browser = FIREFOX ? await launchFirefox() : await launchChromium();
  const pageLog = [];
  const results = {
    date: new Date().toISOString(),
    machine: {
      nproc: Number(sh('nproc', [])) || os.cpus().length,
      cpu: os.cpus()[0]?.model || null,
      memGB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
      loadavgAtStart: os.loadavg(),
    },
    browser: FIREFOX ? 'firefox' : 'chromium',
    [FIREFOX ? 'firefox' : 'chromium']: await browser.version(),
    node: process.version,
    kpeer: JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).version,
    git: { head: sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']), dirty: Boolean(sh('git', ['-C', ROOT, 'status', '--porcelain', '--', 'js', 'src'])) },
    dist: { sha256: distFingerprint() },
    config: { warmupRounds: WARMUP, channels: CHANNELS, specOverrides, only: ONLY ? [...ONLY] : null },
    workloads: [],
    bundle: bundleSizes(),
  };
  log(`kpeer bench: ${FIREFOX ? results.firefox : `Chromium ${results.chromium}`}, Node ${results.node}, ${results.machine.nproc} CPUs, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  try {
    const context = FIREFOX ? await browser.createBrowserContext() : await browser.newContext();
    const page = await newBenchPage(context, server.url, 'page', pageLog);
    let two = null;
    for (const w of WORKLOADS) {
      const t0 = Date.now();
      const env = { page, two: null };
      if (w.id.endsWith('-2p')) {
        if (!two) two = await openTwoPages(browser, server.url, pageLog);
        env.two = two;
      } else {
        await openPage(page, server.url); // a fresh page per workload
      }
      if (w.id !== 'connect' && w.id !== 'channels64' && !w.split) {
        const kind = w.id.startsWith('bulk') ? 'bulk' : 'small';
        await (env.two ? env.two.A : page).evaluate((k) => window.bench.prepare(k), kind);
      }
      const specs = await (env.two ? env.two.A : page).evaluate(() => window.bench.specs);
      results.config.flow ??= await (env.two ? env.two.A : page).evaluate(() => window.bench.flow);
      w.spec = w.id.startsWith('bulk') ? specs.bulk : w.id.startsWith('small') ? specs.small : undefined;
      process.stdout.write(`${w.id.padEnd(11)} ${WARMUP} warm-up + ${w.runs} rounds × ${w.contenders.join(', ')} `);
      const samples = [];
      const orders = roundOrders(w.contenders, WARMUP + w.runs);
      let previous = null;
      for (let round = -WARMUP; round < w.runs; round++) {
        for (const c of orders[round + WARMUP]) {
          const d0 = udpDrops();
          const s = await measure(w, c, env);
          const d1 = udpDrops();
          if (d0 !== null && d1 !== null) s.udpDrops = d1 - d0;
          if (round >= 0) samples.push({ contender: c, round, after: previous, ...s });
          previous = c;
          process.stdout.write(s.ok || s.unsupported ? '.' : 'x');
          if (!s.ok && !s.unsupported) log(`\n  ${c} round ${round}: ${s.error || `verification failed: ${JSON.stringify({ got: s.got, want: s.want })}`}`);
        }
      }
      log(` ${elapsed(t0)}`);
      results.workloads.push({
        id: w.id, title: w.title, what: w.what, kind: w.kind, unit: w.unit, runs: w.runs, spec: w.spec,
        contenders: w.contenders, target: w.target, samples, summary: summarize(w, samples),
      });
    }
    if (PROFILE && !FIREFOX) {
      await openPage(page, server.url);
      if (!two && (!ONLY || ONLY.has('small-2p') || ONLY.has('bulk-2p'))) two = await openTwoPages(browser, server.url, pageLog);
      results.profiles = await profileRuns(page, two);
    }
    if (two) await two.close();
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  results.machine.loadavgAtEnd = os.loadavg();
  results.dist.sha256AtEnd = distFingerprint();
  if (results.dist.sha256AtEnd !== results.dist.sha256) {
    log('WARNING: dist/kpeer.js or dist/kpeer.wasm changed during the run (someone rebuilt); the workloads may have measured different builds.');
  }
  results.durationSeconds = Math.round((Date.now() - tStart) / 1000);
  results.pageLog = pageLog.slice(0, 200);

  // The scaling curve: channels → median ms per contender, and the median per-round ratio.
  results.scaling = results.workloads.filter((w) => w.id.startsWith('scale-')).map((w) => ({
    channels: Number(w.id.slice(6)), kpeerMs: w.summary.kpeer?.median, rawMs: w.summary.raw?.median, ratio: w.summary.kpeer?.ratio,
  }));
  const table = printTable(results);
  log(`\n${table}\n`);
  if (results.scaling.length) {
    const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : '—');
    log(`scaling (channels → kpeer / raw, ratio): ${results.scaling.map((p) => `${p.channels} → ${ms(p.kpeerMs)} / ${ms(p.rawMs)} (${Number.isFinite(p.ratio) ? p.ratio.toFixed(2) : '—'})`).join(', ')}`);
  }
  const kp = (id) => results.workloads.find((w) => w.id === id)?.summary.kpeer;
  const verdicts = results.workloads.filter((w) => w.target).map((w) => `${w.id} ${kp(w.id).met ? 'met' : 'NOT met'}`);
  verdicts.push(`bundle ${results.bundle[0].met ? 'met' : 'NOT met'}`);
  log(`targets: ${verdicts.join(', ')}`);
  const control = results.workloads.filter((w) => w.summary['raw-again'] && Number.isFinite(w.summary['raw-again'].ratio));
  if (control.length) {
    log(`noise floor, raw-again / raw (the same code twice): ${control.map((w) => `${w.id} ${w.summary['raw-again'].ratio.toFixed(2)}`).join(', ')}`);
  }
  log('ratio to raw: median of per-round ratios (contender / raw in the same round); ms: lower is better, MB/s and msg/s: higher is better.');
  log('cpu/raw: renderer CPU time (all threads) of the timed step, median of per-round ratios to raw; lower = cheaper.');
  if (pageLog.length) log(`${pageLog.length} page warnings/errors (first ones in results.json pageLog)`);

  if (FIREFOX) {
    writeFileSync(`${BENCH}results-firefox.json`, `${JSON.stringify(results, null, 1)}\n`);
    log(`wrote bench/results-firefox.json in ${elapsed(tStart)}`);
  } else {
    writeFileSync(`${BENCH}results.json`, `${JSON.stringify(results, null, 1)}\n`);
    writeFileSync(`${BENCH}chart.svg`, renderChart(results));
    log(`wrote bench/results.json and bench/chart.svg in ${elapsed(tStart)}`);
  }
  const broken = results.workloads.some((w) => Object.values(w.summary).some((r) => r.failed));
  if (broken) {
    log('some measurements failed or did not verify (see above); exit code 1');
    process.exitCode = 1;
  }
}

if (process.argv.includes('--chart-only')) {
  // Re-draw bench/chart.svg from bench/results.json (no measurements).
  writeFileSync(`${BENCH}chart.svg`, renderChart(JSON.parse(readFileSync(`${BENCH}results.json`, 'utf8'))));
  log('wrote bench/chart.svg from bench/results.json');
} else main().catch((e) => {
  console.error(e);
  process.exit(1);
});
