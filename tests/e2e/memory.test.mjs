// Leaks: what a peer or a channel holds must be let go of when it is disposed or closed.
//  (a) 600 peer pairs in one page, each connected with one open channel and a message, then
//      disposed; gc() every 50 pairs (Chromium runs with --js-flags=--expose-gc). Chromium refuses
//      new RTCPeerConnections ("Cannot create so many PeerConnections", ~500 alive) when closed ones
//      are kept reachable, so this fails if kpeer keeps a handle on anything after dispose().
//      Every pair is connected (about 50–100 ms each here), not only every 10th.
//  (b) 1000 channels opened (with a message each) and closed on one connected pair, in batches.
// The counts (live WebPeers, emval handles) must come back to their baseline, measured after one
// warm-up round; the wasm heap size is reported (it never shrinks, it may only grow a little).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './harness.mjs';

const ctx = useBrowser();

const PAIRS = 600;
const GC_EVERY = 50;
const CHANNELS = 1000;
const CHANNEL_BATCH = 50;

async function installHelpers(page) {
  await page.evaluate(() => {
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const within = (p, ms, what) => Promise.race([p, sleep(ms).then(() => { throw new Error(`timeout: ${what}`); })]);
    const first = (flow, predicate) => new Promise((resolve) => {
      const sub = flow.subscribe((v) => { if (predicate(v)) { queueMicrotask(() => sub.cancel()); resolve(v); } });
    });
    const d = kpeer.diagnostics;
    window.M = {
      sleep, within, first,
      counts: () => ({ liveWebPeers: d.liveWebPeers(), emvalHandles: d.emvalHandles(), wasmHeapBytes: d.wasmHeapBytes() }),
      // gc() a few times with turns of the event loop in between, so that finalization and the
      // browser's own clean-up of closed connections can run.
      // Firefox has no page-visible gc(): its own collector runs (and on memory pressure).
      async collect() {
        for (let i = 0; i < 3; i++) { if (window.gc) window.gc(); await sleep(20); }
      },
      // One pair: connect, open a channel, one message, dispose. Returns ms.
      async onePair(i) {
        const t0 = performance.now();
        let a, b;
        try {
          a = new kpeer.KPeer({ initiator: true, iceServers: [] });
          b = new kpeer.KPeer({ initiator: false, iceServers: [] });
        } catch (e) {
          a?.dispose();
          throw new Error(`pair ${i}: new KPeer threw ${e.code}: ${e.message}`);
        }
        try {
          a.onSignal((s) => b.signal(s).catch(() => {}));
          b.onSignal((s) => a.signal(s).catch(() => {}));
          const atB = new Promise((resolve) => b.onChannel(resolve));
          const ch = await a.createChannel({ label: 'p' });
          const bch = await within(atB, 10000, `pair ${i}: channel at b`);
          await within(first(ch.state, (s) => s === 'open'), 10000, `pair ${i}: channel open`);
          const got = new Promise((resolve) => bch.onText(resolve));
          ch.send(`hello ${i}`);
          const text = await within(got, 5000, `pair ${i}: message`);
          if (text !== `hello ${i}`) throw new Error(`pair ${i}: got ${text}`);
        } finally {
          a.dispose();
          b.dispose();
        }
        return performance.now() - t0;
      },
    };
  });
}

test(`${PAIRS} connected pairs created and disposed in one page leave nothing behind`, { timeout: 300000 }, async (t) => {
  const page = await ctx.page();
  await installHelpers(page);
  if (ctx.name === 'chromium') assert.equal(await page.evaluate(() => typeof window.gc), 'function', 'Chromium must run with --js-flags=--expose-gc');

  // Warm-up: the first pair creates the module's one-time handles.
  await page.evaluate(() => M.onePair(-1));
  await page.evaluate(() => M.collect());
  const baseline = await page.evaluate(() => M.counts());
  t.diagnostic(`baseline after one warm-up pair: ${JSON.stringify(baseline)}`);

  const t0 = Date.now();
  const progress = [];
  for (let done = 0; done < PAIRS; done += GC_EVERY) {
    const r = await page.evaluate(async ({ from, n }) => {
      const times = [];
      for (let i = from; i < from + n; i++) times.push(await M.onePair(i));
      await M.collect();
      return { times, counts: M.counts() };
    }, { from: done, n: GC_EVERY });
    const avg = r.times.reduce((x, y) => x + y, 0) / r.times.length;
    progress.push({ pairs: done + GC_EVERY, avgMs: Math.round(avg), maxMs: Math.round(Math.max(...r.times)), ...r.counts });
  }
  const totalMs = Date.now() - t0;
  const after = await page.evaluate(() => M.counts());
  for (const p of progress) t.diagnostic(JSON.stringify(p));
  t.diagnostic(`${PAIRS} pairs in ${(totalMs / 1000).toFixed(1)} s; after: ${JSON.stringify(after)}; ` +
    `wasm heap ${baseline.wasmHeapBytes} -> ${after.wasmHeapBytes} bytes`);

  assert.equal(after.liveWebPeers, baseline.liveWebPeers, 'live WebPeers back to the baseline');
  assert.equal(after.emvalHandles, baseline.emvalHandles, 'emval handles back to the baseline');
  // Intermediate counts must not creep up either (a slow leak would show here first).
  for (const p of progress) assert.equal(p.emvalHandles, baseline.emvalHandles, `emval handles after ${p.pairs} pairs`);
  assert.ok(after.wasmHeapBytes <= baseline.wasmHeapBytes * 2, `wasm heap grew from ${baseline.wasmHeapBytes} to ${after.wasmHeapBytes}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test(`${CHANNELS} channels opened and closed on one pair, in batches of ${CHANNEL_BATCH}, leave nothing behind`, { timeout: 300000 }, async (t) => {
  const page = await ctx.page();
  await installHelpers(page);
  await page.evaluate(async () => {
    const a = new kpeer.KPeer({ initiator: true, iceServers: [] });
    const b = new kpeer.KPeer({ initiator: false, iceServers: [] });
    a.onSignal((s) => b.signal(s).catch(() => {}));
    b.onSignal((s) => a.signal(s).catch(() => {}));
    M.a = a; M.b = b;
    M.atB = new Map(); // label → b's KChannel
    M.waiters = new Map();
    b.onChannel((ch) => {
      M.atB.set(ch.label, ch);
      M.waiters.get(ch.label)?.(ch);
    });
    M.remote = (label) => M.atB.get(label) || new Promise((resolve) => M.waiters.set(label, resolve));
    // Opens `n` channels, a message over each (from b for even batches, from a for odd ones),
    // then closes them from alternating sides and waits until both ends are 'closed'.
    M.batch = async (prefix, n, k) => {
      const labels = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
      const local = await Promise.all(labels.map((label) => a.createChannel({ label })));
      const remote = await M.within(Promise.all(labels.map(M.remote)), 20000, `batch ${prefix}: remote channels`);
      await M.within(Promise.all([...local, ...remote].map((ch) => M.first(ch.state, (s) => s === 'open'))), 20000, `batch ${prefix}: open`);
      await M.within(Promise.all(local.map((ch, i) => {
        const [from, to] = k % 2 ? [ch, remote[i]] : [remote[i], ch];
        const got = new Promise((resolve) => to.onText(resolve));
        from.send(`m ${ch.label}`);
        return got;
      })), 20000, `batch ${prefix}: messages`);
      local.forEach((ch, i) => (i % 2 ? ch : remote[i]).close());
      await M.within(Promise.all([...local, ...remote].map((ch) => M.first(ch.state, (s) => s === 'closed'))), 20000, `batch ${prefix}: closed`);
      for (const label of labels) { M.atB.delete(label); M.waiters.delete(label); }
    };
    // Internal JS-side maps, reported when present (they are not part of the API).
    M.jsObjects = () => ({ aChannels: a._byId?.size ?? null, bChannels: b._byId?.size ?? null, aPending: a._pending?.size ?? null, bPending: b._pending?.size ?? null });
  });
  // Warm-up: one small batch, so one-time allocations are in the baseline.
  await page.evaluate(() => M.batch('warm', 5, 0));
  await page.evaluate(() => M.collect());
  const baseline = await page.evaluate(() => ({ ...M.counts(), ...M.jsObjects() }));
  t.diagnostic(`baseline (connected pair, warm-up batch closed): ${JSON.stringify(baseline)}`);

  const t0 = Date.now();
  const progress = [];
  for (let k = 0; k < CHANNELS / CHANNEL_BATCH; k++) {
    const ms = await page.evaluate(async (k) => { const t = performance.now(); await M.batch(`b${k}`, 50, k); return performance.now() - t; }, k);
    if ((k + 1) % 5 === 0) {
      await page.evaluate(() => M.collect());
      progress.push({ channels: (k + 1) * CHANNEL_BATCH, lastBatchMs: Math.round(ms), ...(await page.evaluate(() => ({ ...M.counts(), ...M.jsObjects() }))) });
    }
  }
  const totalMs = Date.now() - t0;
  await page.evaluate(() => M.collect());
  const after = await page.evaluate(() => ({ ...M.counts(), ...M.jsObjects() }));
  for (const p of progress) t.diagnostic(JSON.stringify(p));
  t.diagnostic(`${CHANNELS} channels in ${(totalMs / 1000).toFixed(1)} s; after: ${JSON.stringify(after)}; ` +
    `wasm heap ${baseline.wasmHeapBytes} -> ${after.wasmHeapBytes} bytes`);

  assert.equal(after.liveWebPeers, 2);
  assert.equal(after.emvalHandles, baseline.emvalHandles, 'emval handles back to the baseline once every channel is closed');
  for (const key of ['aChannels', 'bChannels', 'aPending', 'bPending']) assert.equal(after[key], baseline[key], key);
  // The pair still works after all that.
  const text = await page.evaluate(async () => {
    const ch = await M.a.createChannel({ label: 'after' });
    const bch = await M.within(M.remote('after'), 5000, 'channel after');
    await M.first(ch.state, (s) => s === 'open');
    const got = new Promise((resolve) => bch.onText(resolve));
    ch.send('still fine');
    return M.within(got, 5000, 'message after');
  });
  assert.equal(text, 'still fine');
  await page.evaluate(() => { M.a.dispose(); M.b.dispose(); });
  assert.equal(await page.evaluate(() => M.counts().liveWebPeers), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});
