// The Node.js section of the benchmark: kpeer vs the raw implementation it runs on, for each
// WebRTC implementation (@roamhq/wrtc, node-datachannel), in one process, alternating rounds.
// Workloads: connect (two peers to an open channel), small (64 B messages one way), bulk (64 KiB
// messages one way). Reports medians and the median of per-round ratios kpeer/raw (time ratios
// for connect: lower is better; rate ratios for small and bulk: higher is better).
// Writes bench/results-node.json. Env: BENCH_NODE_IMPLS, BENCH_RUNS_CONNECT (15), BENCH_RUNS_SMALL
// (5), BENCH_RUNS_BULK (5), BENCH_SMALL_COUNT (20000), BENCH_BULK_MB (16).
// The raw sender keeps its queue under 1 MiB by polling bufferedAmount every millisecond: wrtc
// never fires bufferedamountlow, so that is what a raw user has to do too.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { KPeer, version } from 'kpeer';

const env = (k, d) => (process.env[k] ? Number(process.env[k]) : d);
const IMPLS = (process.env.BENCH_NODE_IMPLS || 'wrtc,node-datachannel').split(',');
const RUNS = { connect: env('BENCH_RUNS_CONNECT', 15), small: env('BENCH_RUNS_SMALL', 5), bulk: env('BENCH_RUNS_BULK', 5) };
const SPECS = { small: { size: 64, count: env('BENCH_SMALL_COUNT', 20000) }, bulk: { size: 65536, count: env('BENCH_BULK_MB', 16) * 16 } };
const RAW_HWM = 1 << 20;
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN; };

async function load(name) {
  if (name === 'wrtc') return (await import('@roamhq/wrtc')).default;
  return import('node-datachannel/polyfill');
}

// A pair with one channel 'main' open on both sides: { send(kind, msgs), onMessage(fn), close() }.
const contenders = {
  async kpeer(wrtc) {
    // As in the browser bench: candidates emitted at once, as raw's onicecandidate does (the
    // default 50 ms batching made connect bimodal: ~15 or ~65 ms with @roamhq/wrtc).
    const config = { iceServers: [], wrtc, iceCandidateEmitPolicy: { flushInterval: 0 } };
    const a = new KPeer({ initiator: true, ...config });
    const b = new KPeer({ initiator: false, ...config });
    a.onSignal((s) => b.signal(s).catch(() => {}));
    b.onSignal((s) => a.signal(s).catch(() => {}));
    const remote = new Promise((ok) => b.onChannel(ok));
    const ch = await a.createChannel({ label: 'main' });
    await new Promise((ok) => ch.onState((s) => s === 'open' && ok()));
    const rch = await remote;
    return {
      onMessage(fn) { rch.onBytes(fn); },
      async send(kind, msgs) {
        if (kind === 'bulk') for (const m of msgs) await ch.write(m);
        else for (let i = 0; i < msgs.length; i++) { if (i % 64 === 0) await ch.write(msgs[i]); else ch.send(msgs[i]); }
      },
      close() { a.dispose(); b.dispose(); },
    };
  },
  async raw(wrtc) {
    const pcs = [new wrtc.RTCPeerConnection({ iceServers: [] }), new wrtc.RTCPeerConnection({ iceServers: [] })];
    pcs[0].onicecandidate = (e) => e.candidate?.candidate && pcs[1].addIceCandidate(e.candidate).catch(() => {});
    pcs[1].onicecandidate = (e) => e.candidate?.candidate && pcs[0].addIceCandidate(e.candidate).catch(() => {});
    const dc = pcs[0].createDataChannel('main');
    const remote = new Promise((ok) => { pcs[1].ondatachannel = (e) => ok(e.channel); });
    const offer = await pcs[0].createOffer();
    await pcs[0].setLocalDescription(offer);
    await pcs[1].setRemoteDescription(pcs[0].localDescription || offer);
    const answer = await pcs[1].createAnswer();
    await pcs[1].setLocalDescription(answer);
    await pcs[0].setRemoteDescription(pcs[1].localDescription || answer);
    const rdc = await remote;
    if (dc.readyState !== 'open') await new Promise((ok) => { dc.onopen = ok; });
    if (rdc.readyState !== 'open') await new Promise((ok) => { rdc.onopen = ok; });
    rdc.binaryType = 'arraybuffer';
    return {
      onMessage(fn) { rdc.onmessage = (e) => fn(e.data); },
      async send(kind, msgs) {
        for (let i = 0; i < msgs.length; i++) {
          if ((kind === 'bulk' || i % 64 === 0)) while (dc.bufferedAmount >= RAW_HWM) await sleep(1);
          dc.send(msgs[i]);
        }
      },
      close() { for (const pc of pcs) pc.close(); },
    };
  },
};

async function connectRound(name, wrtc) {
  const t0 = performance.now();
  const ep = await contenders[name](wrtc);
  const ms = performance.now() - t0;
  ep.close();
  return ms;
}

async function transferRound(name, wrtc, kind) {
  const { size, count } = SPECS[kind];
  const msgs = Array.from({ length: count }, (_, i) => new Uint8Array(size).fill(i & 0xff));
  const ep = await contenders[name](wrtc);
  try {
    let got = 0;
    let bytes = 0;
    const done = new Promise((ok) => ep.onMessage((d) => { bytes += d.byteLength; if (++got === count) ok(); }));
    const t0 = performance.now();
    await ep.send(kind, msgs);
    await Promise.race([done, sleep(120000).then(() => { throw new Error(`${name} ${kind}: ${got}/${count} arrived`); })]);
    const s = (performance.now() - t0) / 1000;
    if (bytes !== size * count) throw new Error(`${name} ${kind}: ${bytes} bytes arrived, ${size * count} sent`);
    return kind === 'bulk' ? bytes / 1e6 / s : count / s;  // MB/s, msg/s
  } finally {
    ep.close();
    await sleep(50);
  }
}

const results = { version, node: process.version, cpus: os.cpus().length, load: os.loadavg()[0], date: new Date().toISOString(), impls: {} };
for (const impl of IMPLS) {
  const wrtc = await load(impl);
  const out = results.impls[impl] = {};
  for (const [workload, round] of [['connect', (n) => connectRound(n, wrtc)], ['small', (n) => transferRound(n, wrtc, 'small')],
    ['bulk', (n) => transferRound(n, wrtc, 'bulk')]]) {
    await round('kpeer'); await round('raw');  // warm-up, not recorded
    const rounds = [];
    for (let i = 0; i < RUNS[workload]; i++) {
      const order = i % 2 ? ['raw', 'kpeer'] : ['kpeer', 'raw'];
      const r = {};
      for (const name of order) r[name] = await round(name);
      rounds.push(r);
    }
    const ratio = median(rounds.map((r) => r.kpeer / r.raw));
    out[workload] = { unit: workload === 'connect' ? 'ms' : workload === 'bulk' ? 'MB/s' : 'msg/s',
      kpeer: median(rounds.map((r) => r.kpeer)), raw: median(rounds.map((r) => r.raw)), ratio, rounds };
    console.log(`${impl} ${workload}: kpeer ${out[workload].kpeer.toFixed(1)} ${out[workload].unit}, raw ${out[workload].raw.toFixed(1)}, kpeer/raw ${ratio.toFixed(2)} (${RUNS[workload]} rounds)`);
  }
  if (impl === 'node-datachannel') (await import('node-datachannel')).cleanup();
}
writeFileSync(new URL('./results-node.json', import.meta.url), `${JSON.stringify(results, null, 1)}\n`);
console.log('wrote bench/results-node.json');
// @roamhq/wrtc can hang at exit (WonderInventions/node-webrtc#35): the results are written.
process.exit(0);
