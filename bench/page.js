// The benchmark's in-browser half: one "endpoint" adapter per contender (kpeer, raw
// RTCPeerConnection/RTCDataChannel, simple-peer) and the workloads, driven by bench/run.mjs.
// Every endpoint is one side of a connection with one main channel labelled 'bench'.
import * as kpeer from '/dist/kpeer.js';

const SimplePeer = window.SimplePeer;

// Flow control of the raw contender: the usual bufferedAmountLowThreshold + 'bufferedamountlow'
// loop, tuned per workload to the best this design did on the reference machine (2 loaded cores):
// a 64 KiB high-water mark moved 64 KiB messages ~15% faster than 1 MiB, while 64-byte messages
// need the deep 1 MiB queue (SCTP bundles them; with 64 KiB they went ~2× slower). See README.md.
// run.mjs overrides them with BENCH_RAW_HWM / BENCH_RAW_LOW, and kpeer's channel highWaterMark with
// BENCH_KPEER_HWM (null = kpeer's default, which is what the benchmark is about).
const flow = {
  raw: { bulk: { hwm: 64 * 1024, low: 16 * 1024 }, small: { hwm: 1024 * 1024, low: 512 * 1024 } },
  kpeerHwm: null,
};
const CHECK_EVERY = 64; // small messages: look at bufferedAmount every 64 sends

const NO_ICE_SERVERS = [];

// ---------------------------------------------------------------- helpers

const defer = () => {
  let resolve;
  let reject;
  const promise = new Promise((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
};

const withTimeout = (p, ms, what) => {
  let timer;
  return Promise.race([
    p,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Counts events and lets callers wait until the count reaches n.
const counter = () => {
  let n = 0;
  const waiters = [];
  return {
    inc() {
      n++;
      for (let i = waiters.length - 1; i >= 0; i--) if (n >= waiters[i].n) waiters.splice(i, 1)[0].resolve();
    },
    until(target) {
      if (n >= target) return Promise.resolve();
      const d = defer();
      waiters.push({ n: target, resolve: d.resolve });
      return d.promise;
    },
    get value() { return n; },
  };
};

const lowEvent = (dc) => new Promise((r) => dc.addEventListener('bufferedamountlow', r, { once: true }));

// Payload bytes: a function of (message number, position), so the receiver can check samples.
const pat = (seq, pos) => (seq * 131 + pos * 7 + (pos >>> 8)) & 255;

const fnv = (dv) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < dv.byteLength; i++) h = Math.imul(h ^ dv.getUint8(i), 16777619) >>> 0;
  return h;
};

const asView = (d) => (d instanceof ArrayBuffer ? new DataView(d) : new DataView(d.buffer, d.byteOffset, d.byteLength));
const asText = (d) => (typeof d === 'string' ? d : new TextDecoder().decode(d));

// count messages of `size` bytes; message seq starts with seq (u32 LE) then pat(seq, pos).
// One shared ArrayBuffer, one Uint8Array view per message; nobody mutates them afterwards, so
// libraries that keep a reference (kpeer write(), simple-peer's stream) see the right bytes.
function makeMessages(count, size) {
  const all = new Uint8Array(count * size);
  const msgs = new Array(count);
  for (let seq = 0; seq < count; seq++) {
    const u = all.subarray(seq * size, (seq + 1) * size);
    for (let p = 4; p < size; p++) u[p] = pat(seq, p);
    new DataView(all.buffer, seq * size, size).setUint32(0, seq, true);
    msgs[seq] = u;
  }
  return msgs;
}

const specs = {
  bulk: { size: 64 * 1024, count: 512, samples: [4, 1031, 32768, 65535], timeoutMs: 120000 },
  small: { size: 64, count: 20000, samples: [4, 63], timeoutMs: 120000 },
};
const dataCache = {};
const dataFor = (kind) => {
  const s = specs[kind];
  if (!dataCache[kind]) {
    const msgs = makeMessages(s.count, s.size);
    const last = msgs[msgs.length - 1];
    dataCache[kind] = { msgs, lastHash: fnv(new DataView(last.buffer, last.byteOffset, last.byteLength)) };
  }
  return dataCache[kind];
};

// The path a connection took, from an RTCStatsReport: the selected pair's two ends, so a run can
// tell whether two contenders compared the same path (protocol, address family, candidate type),
// and the packets sent and received on it (messages per packet: how well SCTP bundled them).
function pathOf(report) {
  let pair = null;
  let transport = null;
  report.forEach((r) => { if (r.type === 'transport' && r.selectedCandidatePairId) { transport = r; pair = report.get(r.selectedCandidatePairId); } });
  if (!pair) return null;
  const end = (id) => { const c = report.get(id); return c ? `${c.candidateType}/${c.protocol}/${c.address}` : '?'; };
  return { path: `${end(pair.localCandidateId)} -> ${end(pair.remoteCandidateId)}`, packetsSent: transport.packetsSent, packetsReceived: transport.packetsReceived };
}

// ---------------------------------------------------------------- contenders

const contenders = {
  kpeer(initiator, emit) {
    const p = new kpeer.KPeer({ initiator, iceServers: NO_ICE_SERVERS, iceCandidateEmitPolicy: { flushInterval: 0 } });
    const open = defer();
    const extra = counter();
    let main = null;
    p.onSignal(emit);
    p.on('error', (e) => console.warn('kpeer error', e.code, e.message));
    p.onChannel((ch) => {
      if (ch.label === 'bench') {
        main = ch;
        ch.onState((s) => { if (s === 'open') open.resolve(); else if (s === 'closed') open.reject(new Error('kpeer channel closed')); });
      } else {
        let seen = false;
        ch.onState((s) => { if (s === 'open' && !seen) { seen = true; extra.inc(); } });
      }
    });
    // flow.kpeerHwm (BENCH_KPEER_HWM): the channel's highWaterMark option; null = kpeer's default.
    const main0 = flow.kpeerHwm ? { label: 'bench', highWaterMark: flow.kpeerHwm } : { label: 'bench' };
    if (initiator) p.createChannel(main0).catch((e) => open.reject(e));
    return {
      open: open.promise,
      signal: (s) => p.signal(s).catch((e) => console.warn('kpeer signal()', e.code, e.message)),
      onMessage(cb) { main.onBytes(cb); main.onText(cb); },
      sendText(t) { main.send(t); },
      // write() resolves once the message is queued and bufferedAmount is under the high-water mark.
      async bulkSend(msgs) {
        const ch = main;
        for (let i = 0; i < msgs.length; i++) await ch.write(msgs[i]);
      },
      // send() for speed, and every CHECK_EVERY-th message write(), which waits while the buffer
      // is over the channel's high-water mark (kpeer's own: adaptive unless BENCH_KPEER_HWM).
      async smallSend(msgs) {
        const ch = main;
        for (let i = 0; i < msgs.length; i++) {
          if (i % CHECK_EVERY === 0) await ch.write(msgs[i]);
          else if (!ch.send(msgs[i])) throw new Error(`kpeer send() returned false at message ${i}`);
        }
      },
      // prefix: labels distinct per side (kpeer has one KChannel per label on a peer).
      openMany(n, prefix = 'x') {
        for (let i = 0; i < n; i++) p.createChannel({ label: `${prefix}${i}` }).catch((e) => console.warn('createChannel', e.code, e.message));
        return extra.until(n);
      },
      extraOpened: (n) => extra.until(n),
      path: async () => pathOf((await p.getStats()).raw),
      close() { p.dispose(); },
    };
  },

  raw(initiator, emit) {
    const pc = new RTCPeerConnection({ iceServers: NO_ICE_SERVERS });
    const open = defer();
    const extra = counter();
    const pendingIce = [];
    let remoteSet = false;
    let main = null;
    const setupMain = (dc) => {
      main = dc;
      dc.binaryType = 'arraybuffer';
      if (dc.readyState === 'open') open.resolve(); else dc.onopen = () => open.resolve();
    };
    const setupExtra = (dc) => {
      if (dc.readyState === 'open') extra.inc(); else dc.onopen = () => extra.inc();
    };
    pc.onicecandidate = (e) => { if (e.candidate) emit({ type: 'ice', candidate: e.candidate.toJSON() }); };
    pc.ondatachannel = (e) => (e.channel.label === 'bench' ? setupMain : setupExtra)(e.channel);
    const fail = (e) => { console.warn('raw', e); open.reject(e); };
    const remoteDescriptionSet = () => {
      remoteSet = true;
      for (const c of pendingIce.splice(0)) pc.addIceCandidate(c).catch(fail);
    };
    if (initiator) {
      setupMain(pc.createDataChannel('bench'));
      pc.setLocalDescription().then(() => emit({ type: 'offer', sdp: pc.localDescription.sdp }), fail);
    }
    return {
      open: open.promise,
      async signal(s) {
        try {
          if (s.type === 'offer') {
            await pc.setRemoteDescription(s);
            remoteDescriptionSet();
            await pc.setLocalDescription();
            emit({ type: 'answer', sdp: pc.localDescription.sdp });
          } else if (s.type === 'answer') {
            await pc.setRemoteDescription(s);
            remoteDescriptionSet();
          } else if (s.type === 'ice') {
            if (remoteSet) await pc.addIceCandidate(s.candidate); else pendingIce.push(s.candidate);
          }
        } catch (e) { fail(e); }
      },
      onMessage(cb) { main.onmessage = (e) => cb(e.data); },
      sendText(t) { main.send(t); },
      async bulkSend(msgs) {
        const dc = main;
        const { hwm, low } = flow.raw.bulk;
        dc.bufferedAmountLowThreshold = low;
        for (let i = 0; i < msgs.length; i++) {
          if (dc.bufferedAmount >= hwm) await lowEvent(dc);
          dc.send(msgs[i]);
        }
      },
      async smallSend(msgs) {
        const dc = main;
        const { hwm, low } = flow.raw.small;
        dc.bufferedAmountLowThreshold = low;
        for (let i = 0; i < msgs.length; i++) {
          if (i % CHECK_EVERY === 0 && dc.bufferedAmount >= hwm) await lowEvent(dc);
          dc.send(msgs[i]);
        }
      },
      openMany(n, prefix = 'x') {
        for (let i = 0; i < n; i++) setupExtra(pc.createDataChannel(`${prefix}${i}`));
        return extra.until(n);
      },
      extraOpened: (n) => extra.until(n),
      path: async () => pathOf(await pc.getStats()),
      close() { pc.close(); },
    };
  },

  'simple-peer'(initiator, emit) {
    const p = new SimplePeer({ initiator, trickle: true, channelName: 'bench', config: { iceServers: NO_ICE_SERVERS } });
    const open = defer();
    p.on('signal', emit);
    p.on('connect', () => open.resolve());
    let isOpen = false;
    open.promise.then(() => { isOpen = true; }, () => {});
    // After the connection is up, the usual error is the other side closing first ('User-Initiated
    // Abort'); a real failure shows up as a timeout or a failed check.
    p.on('error', (e) => { console[isOpen ? 'info' : 'warn']('simple-peer error', e.code, e.message); open.reject(e); });
    // Node-stream style backpressure: write() returns false → wait for 'drain'.
    const streamSend = async (msgs) => {
      for (let i = 0; i < msgs.length; i++) {
        if (!p.write(msgs[i])) await new Promise((r) => p.once('drain', r));
      }
    };
    return {
      open: open.promise,
      signal: (s) => p.signal(s),
      onMessage(cb) { p.on('data', cb); },
      sendText(t) { p.send(t); },
      bulkSend: streamSend,
      smallSend: streamSend,
      openMany: null, // one data channel per peer by design
      close() { p.destroy(); },
    };
  },
};

// The A/A control (run.mjs): the same raw endpoint under another name.
contenders['raw-again'] = contenders.raw;

// ---------------------------------------------------------------- workloads

const clone = (s) => JSON.parse(JSON.stringify(s)); // as over a network

// A signal relay to an endpoint that may not exist yet.
const relay = () => {
  let target = null;
  const queue = [];
  return {
    emit: (s) => { const c = clone(s); if (target) target.signal(c); else queue.push(c); },
    connect(t) { target = t; for (const c of queue.splice(0)) t.signal(c); },
  };
};

async function makePair(name) {
  const toB = relay();
  const toA = relay();
  const a = contenders[name](true, toB.emit);
  const b = contenders[name](false, toA.emit);
  toB.connect(b);
  toA.connect(a);
  await withTimeout(Promise.all([a.open, b.open]), 20000, `${name}: connect`);
  return { a, b };
}

// The receiving side: checks every message's length, number and sampled bytes, hashes the
// last one whole, then answers with a JSON summary on the same channel.
function armReceiver(ep, kind) {
  const { size, count, samples } = specs[kind];
  let seq = 0;
  let bytes = 0;
  let bad = 0;
  let strings = 0;
  // When every step-th message arrived (ms since the first; 64 marks a transfer): where a slow
  // round lost its time.
  const step = Math.max(1, Math.floor(count / 64));
  const marks = [];
  let first = 0;
  ep.onMessage((d) => {
    if (typeof d === 'string') { strings++; return; }
    const dv = asView(d);
    const len = dv.byteLength;
    bytes += len;
    if (len !== size || dv.getUint32(0, true) !== seq) bad++;
    else {
      for (let i = 0; i < samples.length; i++) {
        if (dv.getUint8(samples[i]) !== pat(seq, samples[i])) { bad++; break; }
      }
    }
    if (seq % step === 0) { const now = performance.now(); if (seq === 0) first = now; marks.push(Math.round(now - first)); }
    seq++;
    if (seq === count) ep.sendText(JSON.stringify({ count: seq, bytes, bad: bad + strings, hash: fnv(dv), marks, step, last: Math.round(performance.now() - first) }));
  });
}

// The sending side: time from the first send until the receiver's summary is back.
async function runSender(ep, kind) {
  const spec = specs[kind];
  const { msgs, lastHash } = dataFor(kind);
  const ack = defer();
  ep.onMessage((d) => ack.resolve(asText(d)));
  const t0 = performance.now();
  await withTimeout(kind === 'bulk' ? ep.bulkSend(msgs) : ep.smallSend(msgs), spec.timeoutMs, `${kind}: send`);
  const sentMs = performance.now() - t0;
  const text = await withTimeout(ack.promise, spec.timeoutMs, `${kind}: receiver summary`);
  const ms = performance.now() - t0;
  const got = JSON.parse(text);
  const want = { count: spec.count, bytes: spec.count * spec.size, bad: 0, hash: lastHash };
  const ok = got.count === want.count && got.bytes === want.bytes && got.bad === 0 && got.hash === want.hash;
  // At the receiver: first to last arrival, and the longest wait between two marks (and the
  // message number where it ended).
  let gapMs = 0;
  let gapAt = 0;
  const marks = got.marks || [];
  for (let i = 1; i < marks.length; i++) if (marks[i] - marks[i - 1] > gapMs) { gapMs = marks[i] - marks[i - 1]; gapAt = i * got.step; }
  const arrival = { spanMs: got.last, gapMs, gapAt };
  return { ms, sentMs, ok, count: spec.count, bytes: want.bytes, arrival, ...(ok ? {} : { got, want }) };
}

async function checkPing(a, b) {
  const got = defer();
  b.onMessage((d) => got.resolve(asText(d)));
  a.sendText('ping');
  return (await withTimeout(got.promise, 5000, 'ping')) === 'ping';
}

window.bench = {
  version: kpeer.version,
  specs,
  flow,
  configure(overrides) {
    for (const [k, v] of Object.entries(overrides || {})) {
      if (k === 'rawFlow') { Object.assign(flow.raw.bulk, v); Object.assign(flow.raw.small, v); } else if (k === 'kpeerHwm') flow.kpeerHwm = v;
      else Object.assign(specs[k], v);
    }
    for (const k of Object.keys(dataCache)) delete dataCache[k];
  },
  prepare(kind) { dataFor(kind); },
  // Outside timing: let closed connections go and collect garbage.
  async settle(ms = 100) {
    await sleep(ms);
    if (typeof gc === 'function') gc();
    await sleep(10);
  },

  // Step by step, so run.mjs can read the renderer's CPU time around the timed step alone.
  pair: null,
  // two new peers → the main channel open on both sides
  async connectTimed(name) {
    const t0 = performance.now();
    this.pair = await makePair(name);
    return { ms: performance.now() - t0, ok: true };
  },
  async setup(name) { this.pair = await makePair(name); },
  ping() { return checkPing(this.pair.a, this.pair.b); },
  // bulk / small in this page (a sends, b receives)
  runTransfer(kind) {
    armReceiver(this.pair.b, kind);
    return runSender(this.pair.a, kind);
  },
  // n channels created at once on a connected pair → open on both sides
  async runChannels(n) {
    const { a, b } = this.pair;
    if (!a.openMany) return { ms: NaN, ok: false, unsupported: true };
    const t0 = performance.now();
    await withTimeout(Promise.all([a.openMany(n), b.extraOpened(n)]), 30000, `${n} channels`);
    return { ms: performance.now() - t0, ok: true };
  },
  // n channels at once, ceil(n/2) created by a and the rest by b → all open on both sides
  async runChannelsBothSides(n) {
    const { a, b } = this.pair;
    if (!a.openMany) return { ms: NaN, ok: false, unsupported: true };
    const fromA = Math.ceil(n / 2);
    const t0 = performance.now();
    a.openMany(fromA, 'a');
    b.openMany(n - fromA, 'b');
    // Each side counts every extra channel that opened there, its own and the other side's.
    await withTimeout(Promise.all([a.extraOpened(n), b.extraOpened(n)]), 60000, `${n} channels`);
    return { ms: performance.now() - t0, ok: true };
  },
  teardown() {
    if (!this.pair) return;
    const { a, b } = this.pair;
    this.pair = null;
    a.close();
    b.close();
  },

  // The same in one call each (used by the profiler).
  async connect(name) {
    try {
      const r = await this.connectTimed(name);
      return { ...r, ok: await this.ping() };
    } finally { this.teardown(); }
  },
  async transfer(name, kind) {
    dataFor(kind);
    await this.setup(name);
    try { return await this.runTransfer(kind); } finally { this.teardown(); }
  },
  async channels(name, n) {
    await this.setup(name);
    try { return await this.runChannels(n); } finally { this.teardown(); }
  },

  // Across two pages: this page holds one endpoint; signals go through window.__benchSignal
  // (exposed by run.mjs) and come back through deliver().
  remote: {
    ep: null,
    queue: [],
    start(name, initiator) {
      this.ep = contenders[name](initiator, (s) => window.__benchSignal(JSON.stringify(s)));
      for (const s of this.queue.splice(0)) this.ep.signal(s);
    },
    deliver(json) {
      const s = JSON.parse(json);
      if (this.ep) this.ep.signal(s); else this.queue.push(s);
    },
    async waitOpen() { await withTimeout(this.ep.open, 20000, 'connect (two pages)'); },
    arm(kind) { armReceiver(this.ep, kind); },
    path() { return this.ep.path ? this.ep.path() : null; },
    send(kind) { return runSender(this.ep, kind); },
    close() {
      if (this.ep) this.ep.close();
      this.ep = null;
      this.queue = [];
    },
  },
};
window.benchReady = true;
