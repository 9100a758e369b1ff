// Beyond KPeer: glare-safe negotiation, channels from either side, ICE restart, flow control,
// message size limits — two real peers in headless Chromium.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { test, useBrowser } from './harness.mjs';

const ctx = useBrowser();

const { inPage } = ctx;

describe('perfect negotiation', () => {
  test('glare: both sides create their first channel at once while signals take 30 ms; both open', async () => {
    const r = await inPage(async () => {
      const results = [];
      for (let i = 0; i < 5; i++) {
        const { a, b } = await pair({}, {}, { delayMs: 30 });
        const got = { a: [], b: [] };
        a.onChannel((c) => c.onText((t) => got.a.push(t)));
        b.onChannel((c) => c.onText((t) => got.b.push(t)));
        const [fromA, fromB] = await Promise.all([a.createChannel({ label: 'from-a' }), b.createChannel({ label: 'from-b' })]);
        await until(fromA.state, (s) => s === 'open', 8000);
        await until(fromB.state, (s) => s === 'open', 8000);
        fromA.send('hi from a');
        fromB.send('hi from b');
        await new Promise((ok) => setTimeout(ok, 200));
        results.push({ a: got.a, b: got.b });
        a.dispose(); b.dispose();
      }
      return results;
    });
    for (const run of r) {
      assert.deepEqual(run.b, ['hi from a']);
      assert.deepEqual(run.a, ['hi from b']);
    }
  });

  test('glare with instant in-page delivery also resolves (the polite side holds a colliding offer)', async () => {
    const r = await inPage(async () => {
      let opened = 0;
      for (let i = 0; i < 10; i++) {
        const { a, b } = await pair();
        const [x, y] = await Promise.all([a.createChannel({ label: 'x' }), b.createChannel({ label: 'y' })]);
        const ok = await Promise.all([until(x.state, (s) => s === 'open', 5000), until(y.state, (s) => s === 'open', 5000)]).then(() => true, () => false);
        if (ok) opened++;
        a.dispose(); b.dispose();
      }
      return opened;
    });
    assert.equal(r, 10);
  });

  test('both sides open the same label at once: one channel per side, messages flow both ways', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair({}, {}, { delayMs: 30 });
      const [ca, cb] = await Promise.all([a.createChannel({ label: 'chat' }), b.createChannel({ label: 'chat' })]);
      const seenB = [];
      b.onChannel((c) => seenB.push(c.label));
      await until(ca.state, (s) => s === 'open', 8000);
      await until(cb.state, (s) => s === 'open', 8000);
      const got = { a: [], b: [] };
      ca.onText((t) => got.a.push(t));
      cb.onText((t) => got.b.push(t));
      await new Promise((ok) => setTimeout(ok, 300));
      ca.send('a1'); cb.send('b1');
      await new Promise((ok) => setTimeout(ok, 300));
      a.dispose(); b.dispose();
      return { got, seenB };
    });
    assert.deepEqual(r.got.b, ['a1']);
    assert.deepEqual(r.got.a, ['b1']);
    assert.deepEqual(r.seenB, ['chat']);
  });
});

describe('channels from either side', () => {
  test('the answerer opens a channel after the connection is up; the initiator receives it', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const first = await a.createChannel({ label: 'first' });
      await until(first.state, (s) => s === 'open');
      const got = [];
      a.onChannel((c) => { if (c.label === 'from-answerer') c.onText((t) => got.push(t)); });
      const mine = await b.createChannel({ label: 'from-answerer' });
      await until(mine.state, (s) => s === 'open');
      mine.send('hello initiator');
      await new Promise((ok) => setTimeout(ok, 200));
      a.dispose(); b.dispose();
      return got;
    });
    assert.deepEqual(r, ['hello initiator']);
  });

  test('the answerer opens the very first channel before anything was negotiated', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const got = [];
      a.onChannel((c) => c.onText((t) => got.push(t)));
      const ch = await b.createChannel({ label: 'answerer-first' });
      await until(ch.state, (s) => s === 'open');
      ch.send('first!');
      await new Promise((ok) => setTimeout(ok, 200));
      a.dispose(); b.dispose();
      return got;
    });
    assert.deepEqual(r, ['first!']);
  });
});

describe('recovery', () => {
  test('restartIce(): a new offer with fresh credentials; the channel keeps delivering', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const offers = [];
      a.onSignal((s) => { if (s.type === 'offer') offers.push(s.sdp.match(/a=ice-ufrag:(\S+)/)[1]); });
      const got = [];
      b.onChannel((c) => c.onText((t) => got.push(t)));
      const ch = await a.createChannel({ label: 'steady' });
      await until(ch.state, (s) => s === 'open');
      let i = 0;
      const ticker = setInterval(() => ch.send('m' + i++), 20);
      await new Promise((ok) => setTimeout(ok, 200));
      a.restartIce();
      await new Promise((ok) => setTimeout(ok, 1500));
      clearInterval(ticker);
      await new Promise((ok) => setTimeout(ok, 200));
      const result = { offers, sent: i, got: got.length, inOrder: got.every((m, k) => m === 'm' + k), state: a.connectionState.value, channel: ch.state.value };
      a.dispose(); b.dispose();
      return result;
    });
    assert.equal(r.offers.length, 2, 'a second offer was made');
    assert.notEqual(r.offers[0], r.offers[1], 'with fresh ICE credentials');
    assert.equal(r.got, r.sent, 'every message arrived');
    assert.equal(r.inOrder, true);
    assert.equal(r.state, 'connected');
    assert.equal(r.channel, 'open');
  });

  test('restartIce() from the answerer (polite side) works too', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const ch = await a.createChannel({ label: 'x' });
      await until(ch.state, (s) => s === 'open');
      let offersFromB = 0;
      b.onSignal((s) => { if (s.type === 'offer') offersFromB++; });
      b.restartIce();
      await new Promise((ok) => setTimeout(ok, 1000));
      const got = [];
      b.onChannel((c) => c.onText((t) => got.push(t)));
      ch.send('after restart');
      await new Promise((ok) => setTimeout(ok, 200));
      const out = { offersFromB, got, state: b.connectionState.value };
      a.dispose(); b.dispose();
      return out;
    });
    assert.equal(r.offersFromB, 1);
    assert.deepEqual(r.got, ['after restart']);
    assert.equal(r.state, 'connected');
  });
});

describe('renegotiation with a misbehaving remote', () => {
  // Firefox answers every re-offer with a=setup:active even when it is the DTLS server; Chromium
  // refuses such an answer ("Failed to set SSL role") and was left in have-local-offer. Here the
  // initiator's answer to the other side's ICE restart is rewritten the way Firefox writes it.
  test('an answer that claims this side\'s DTLS role is corrected: the restart completes and messages flow', async () => {
    const r = await inPage(async () => {
      const warnings = [];
      const relay = { rejections: [], flip: false };
      relay.rewrite = (s, from) => (relay.flip && from === 'a' && s.type === 'answer'
        ? { ...s, sdp: s.sdp.replace(/a=setup:passive/g, 'a=setup:active') } : s);
      const logger = { debug() {}, info() {}, warn: (m) => warnings.push(m) };
      const { a, b } = await pair({}, { logger }, relay);
      const got = [];
      b.onChannel((c) => c.onText((t) => got.push(t)));
      const ch = await a.createChannel({ label: 'x' });
      await until(ch.state, (s) => s === 'open');
      relay.flip = true;
      const offers = [];
      b.onSignal((s) => { if (s.type === 'offer') offers.push(s.sdp.match(/a=ice-ufrag:(\S+)/)[1]); });
      b.restartIce();
      await new Promise((ok) => setTimeout(ok, 1500));
      ch.send('after restart');
      await new Promise((ok) => setTimeout(ok, 300));
      const out = { offers: offers.length, got, rejections: relay.rejections, warned: warnings.some((w) => /DTLS role/.test(w)),
        states: [a.connectionState.value, b.connectionState.value], stats: (await b.getStats()).selectedPair?.state };
      a.dispose(); b.dispose();
      return out;
    });
    assert.equal(r.offers, 1);
    assert.deepEqual(r.rejections, []);
    assert.equal(r.warned, true, 'the correction is logged as a warning');
    assert.deepEqual(r.got, ['after restart']);
    assert.deepEqual(r.states, ['connected', 'connected']);
    assert.equal(r.stats, 'succeeded');
  });

  test('a remote answer the browser refuses is rolled back: signal() says so, and the next restart negotiates', async () => {
    const r = await inPage(async () => {
      const relay = { rejections: [], garble: false };
      relay.rewrite = (s, from) => (relay.garble && from === 'a' && s.type === 'answer' ? { type: 'answer', sdp: 'v=0\r\nx=refused\r\n' } : s);
      const { a, b } = await pair({}, {}, relay);
      const got = [];
      b.onChannel((c) => c.onText((t) => got.push(t)));
      const ch = await a.createChannel({ label: 'x' });
      await until(ch.state, (s) => s === 'open');
      let offersFromB = 0;
      b.onSignal((s) => { if (s.type === 'offer') offersFromB++; });
      relay.garble = true;
      b.restartIce();
      await new Promise((ok) => setTimeout(ok, 800));
      relay.garble = false;
      b.restartIce();  // from have-local-offer this would never offer again
      await new Promise((ok) => setTimeout(ok, 1500));
      ch.send('after the second restart');
      await new Promise((ok) => setTimeout(ok, 300));
      const out = { offersFromB, got, rejections: relay.rejections, states: [a.connectionState.value, b.connectionState.value] };
      a.dispose(); b.dispose();
      return out;
    });
    // @roamhq/wrtc now and then refuses an answer its own createAnswer() made after an ICE restart
    // ("The address type is mismatching": its c= line and default candidate disagree); kpeer rolls
    // back and offers again, which the extra offers count. Any other extra rejection fails.
    const wrtcOwn = r.rejections.slice(1).filter((x) => process.env.KPEER_RUNTIME === 'node-wrtc' && /address type is mismatching/.test(x.message));
    assert.equal(r.rejections.length, 1 + wrtcOwn.length, JSON.stringify(r.rejections));
    assert.equal(r.rejections[0].at, 'b');
    assert.equal(r.rejections[0].code, 'negotiation-failed');
    assert.match(r.rejections[0].message, /rolled its offer back.*offers again in 1 s, or now on restartIce\(\)/);
    assert.ok(r.offersFromB >= 2 && r.offersFromB <= 2 + wrtcOwn.length, `a second offer after the rollback (${r.offersFromB})`);
    assert.deepEqual(r.got, ['after the second restart']);
    assert.deepEqual(r.states, ['connected', 'connected']);
  });
});

describe('late listeners', () => {
  test('messages before anyone listens: the last 4096 per flow are kept; dropping is reported when it starts and, counted, when a listener attaches', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const errors = [];
      let bch;
      const seen = new Promise((resolve) => b.onChannel((c) => { bch = c; c.on('error', (e) => errors.push([e.code, e.message])); resolve(); }));
      const ch = await a.createChannel({ label: 'late' });
      await until(ch.state, (s) => s === 'open');
      await seen;
      for (let i = 0; i < 4100; i++) ch.send('m' + i);
      ch.send(new Uint8Array([1]));  // the bytes flow keeps its own 4096 and drops nothing
      const t0 = performance.now();
      while (errors.length < 1 && performance.now() - t0 < 10000) await new Promise((ok) => setTimeout(ok, 20));
      await until(ch.bufferedAmount, (n) => n === 0);
      await new Promise((ok) => setTimeout(ok, 300));
      const beforeListening = errors.length;
      const got = [];
      bch.onText((t) => got.push(t));
      let bytes = 0;
      bch.onBytes(() => bytes++);
      const out = { errors, beforeListening, count: got.length, first: got[0], last: got[got.length - 1], bytes };
      a.dispose(); b.dispose();
      return out;
    });
    assert.equal(r.count, 4096);
    assert.equal(r.first, 'm4');
    assert.equal(r.last, 'm4099');
    assert.equal(r.bytes, 1);
    assert.equal(r.beforeListening, 1, 'one error when dropping starts, not one per dropped message');
    assert.deepEqual(r.errors, [
      ['limit-exceeded', "more than 4096 messages arrived on channel 'late' before anyone listened; the oldest are dropped until a listener attaches"],
      ['limit-exceeded', "4 messages on channel 'late' were dropped before a listener attached; it got the last 4096"],
    ]);
  });

  test('text and bytes kept before listeners attach reach them in the order they were sent', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const remote = {};
      const seen = new Promise((resolve) => b.onChannel((c) => { remote[c.label] = c; if (Object.keys(remote).length === 2) resolve(); }));
      const mixed = await a.createChannel({ label: 'mixed-late' });
      const textOnly = await a.createChannel({ label: 'text-only' });
      await until(mixed.state, (s) => s === 'open');
      await until(textOnly.state, (s) => s === 'open');
      await seen;
      const N = 300;
      for (let i = 0; i < N; i++) {
        const v = i % 3 === 0 ? new Uint8Array([i & 255, i >> 8]) : String(i);
        mixed.send(v);
        textOnly.send(v);
      }
      const t1 = performance.now();
      while ((mixed.bufferedAmount.value || textOnly.bufferedAmount.value) && performance.now() - t1 < 10000) await new Promise((ok) => setTimeout(ok, 20));
      await new Promise((ok) => setTimeout(ok, 300));
      const got = [];
      const push = (u) => got.push(u[0] + (u[1] << 8));
      remote['mixed-late'].onText((t) => got.push(t === 'after' ? -1 : Number(t)));
      const afterOnText = got.length;  // the first value was bytes: nothing text can have yet
      remote['mixed-late'].onBytes(push);
      mixed.send('after');  // arrives behind everything kept
      const texts = [];
      remote['text-only'].onText((t) => texts.push(Number(t)));  // its bytes flow never gets a listener
      const t0 = performance.now();
      while (got.length < N + 1 && performance.now() - t0 < 10000) await new Promise((ok) => setTimeout(ok, 20));
      const out = { afterOnText, got, texts };
      a.dispose(); b.dispose();
      return out;
    });
    assert.equal(r.afterOnText, 0);
    const expected = Array.from({ length: 300 }, (_, i) => i);
    const at = r.got.findIndex((v, i) => v !== expected[i]);
    assert.equal(at, 300, `first out of order at ${at}: ${JSON.stringify(r.got.slice(Math.max(0, at - 3), at + 8))}`);
    assert.equal(r.got.length, 301);
    assert.equal(r.got[300], -1, 'a value that arrives after the listeners attached comes after the kept ones');
    assert.deepEqual(r.texts, expected.filter((i) => i % 3 !== 0));
  });
});

describe('flow control and message size', () => {
  test('32 MiB through write() arrives complete and in order, every byte checked', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const CHUNK = 64 * 1024, TOTAL = 32 * 1024 * 1024;
      let received = 0, mismatches = 0, expectedSeq = 0, maxBuffered = 0;
      let done;
      const finished = new Promise((ok) => { done = ok; });
      let seen;
      const remoteSeen = new Promise((ok) => { seen = ok; });
      b.onChannel((c) => (seen(), c.onBytes((u) => {
        // each message: every byte equals (sequence number + index) & 255
        for (let k = 0; k < u.length; k += 997) if (u[k] !== ((expectedSeq + k) & 255)) mismatches++;
        if (u[u.length - 1] !== ((expectedSeq + u.length - 1) & 255)) mismatches++;
        expectedSeq++;
        received += u.length;
        if (received >= TOTAL) done();
      })));
      const ch = await a.createChannel({ label: 'bulk' });
      await until(ch.state, (s) => s === 'open');
      // Sending starts once b has its channel: @roamhq/wrtc delivers messages that arrive before its
      // 'datachannel' event after some later ones (raw wrtc too: 3 of 25 runs under load), an order
      // kpeer cannot restore (README, Node.js).
      await remoteSeen;
      const t0 = performance.now();
      for (let seq = 0; seq * CHUNK < TOTAL; seq++) {
        const buf = new Uint8Array(CHUNK);
        for (let k = 0; k < CHUNK; k++) buf[k] = (seq + k) & 255;
        await ch.write(buf);
        maxBuffered = Math.max(maxBuffered, ch.bufferedAmount.value);
      }
      await finished;
      const seconds = (performance.now() - t0) / 1000;
      a.dispose(); b.dispose();
      return { received, mismatches, messages: expectedSeq, maxBuffered, mbps: TOTAL / 1048576 / seconds };
    });
    assert.equal(r.received, 32 * 1024 * 1024);
    assert.equal(r.messages, 512);
    assert.equal(r.mismatches, 0);
    assert.ok(r.maxBuffered < 4 * 1024 * 1024, `bufferedAmount stayed far below the 16 MiB browser queue (max ${r.maxBuffered})`);
  });

  test('channel.bufferedAmount, while subscribed, follows the send queue as it drains, down to 0', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      let received = 0;
      const remoteSeen = new Promise((resolve) => b.onChannel((c) => { c.onBytes(() => received++); resolve(); }));
      const ch = await a.createChannel({ label: 'watched' });
      await until(ch.state, (s) => s === 'open');
      await remoteSeen;
      const seen = [];
      const sub = ch.bufferedAmount.subscribe((n) => seen.push(n));
      const chunk = new Uint8Array(16384);
      let accepted = 0;
      for (let i = 0; i < 256; i++) if (ch.send(chunk)) accepted++;  // 4 MiB queued at once
      const sentAt = seen.length;  // each send() told the subscriber already (node-datachannel drains meanwhile)
      const t0 = performance.now();
      // Nothing here reads .value or sends: only the flow's own reports can bring it to 0.
      while (seen[seen.length - 1] !== 0 && performance.now() - t0 < 15000) await new Promise((ok) => setTimeout(ok, 20));
      sub.cancel();
      const afterSends = seen.slice(sentAt);
      const out = { accepted, first: seen[0], peak: Math.max(...seen), afterSends, last: seen[seen.length - 1] };
      const t1 = performance.now();
      while (received < accepted && performance.now() - t1 < 15000) await new Promise((ok) => setTimeout(ok, 20));
      out.received = received;
      a.dispose(); b.dispose();
      return out;
    });
    assert.equal(r.accepted, 256);
    assert.equal(r.first, 0);
    assert.equal(r.last, 0, `the flow ends at 0 (reports after the last send: ${r.afterSends.join(', ')})`);
    assert.equal(r.received, 256);
    for (let i = 1; i < r.afterSends.length; i++) assert.ok(r.afterSends[i] <= r.afterSends[i - 1], `falling: ${r.afterSends.join(', ')}`);
    // Browsers queue the 4 MiB; Chromium drains it over ~100 ms or more, so there are readings on
    // the way, not just the one at 'bufferedamountlow'. (Firefox's reads 0 at the first reading,
    // 50 ms on; Node implementations may take everything at once.)
    if (!ctx.node) assert.ok(r.peak > 1024 * 1024, `peak ${r.peak}`);
    if (!ctx.node && ctx.name !== 'firefox') assert.ok(r.afterSends.length >= 2, `reports while draining: ${r.afterSends.join(', ')}`);
  });

  test('write() while connecting waits for open; writes pending at close() reject with closed', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const got = [];
      b.onChannel((c) => c.onText((t) => got.push(t)));
      const ch = await a.createChannel({ label: 'early' });
      const early = [ch.write('w1'), ch.write('w2')];
      const stateAtWrite = ch.state.value;
      await Promise.all(early);
      await new Promise((ok) => setTimeout(ok, 200));
      // fill the buffer past the high-water mark, then close with writes still waiting
      const big = new Uint8Array(256 * 1024);
      const pending = [];
      for (let i = 0; i < 40; i++) pending.push(ch.write(big).then(() => 'ok', (e) => e.code));
      ch.close();
      const outcomes = await Promise.all(pending);
      a.dispose(); b.dispose();
      return { stateAtWrite, got, closedCount: outcomes.filter((o) => o === 'closed').length, okCount: outcomes.filter((o) => o === 'ok').length };
    });
    assert.equal(r.stateAtWrite, 'connecting');
    assert.deepEqual(r.got, ['w1', 'w2']);
    assert.ok(r.closedCount > 0, 'writes still waiting at close() were rejected');
    assert.equal(r.closedCount + r.okCount, 40);
  });

  test('send() never overtakes earlier write()s on an ordered channel', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const got = [];
      let seen;
      const remoteSeen = new Promise((ok) => { seen = ok; });
      b.onChannel((c) => { c.onText((t) => got.push(t)); c.onBytes(() => got.push('bytes')); seen(); });
      const ch = await a.createChannel({ label: 'order' });
      await until(ch.state, (s) => s === 'open');
      // Sending starts once b has its channel: @roamhq/wrtc delivers messages that arrive before its
      // 'datachannel' event after some later ones (raw wrtc too: 3 of 25 runs under load), an order
      // kpeer cannot restore (README, Node.js).
      await remoteSeen;
      const w = [];
      for (let i = 0; i < 8; i++) w.push(ch.write(new Uint8Array(256 * 1024)));
      const sent = ch.send('after');
      await Promise.all(w);
      await new Promise((ok) => setTimeout(ok, 500));
      a.dispose(); b.dispose();
      return { sent, got };
    });
    assert.equal(r.sent, true);
    assert.deepEqual(r.got, [...Array(8).fill('bytes'), 'after']);
  });

  test("write()'s default high-water mark is deep for small messages and shallow for large ones; a set one holds", async (t) => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      b.onChannel(() => {});
      const maxBufferedOver = async (config, size, count) => {
        const ch = await a.createChannel(config);
        await until(ch.state, (s) => s === 'open');
        const msg = new Uint8Array(size);
        let max = 0;
        for (let i = 0; i < count; i++) {
          await ch.write(msg);
          max = Math.max(max, ch.bufferedAmount.value);
        }
        return max;
      };
      const out = {
        small: await maxBufferedOver({ label: 'small' }, 64, 40000),
        large: await maxBufferedOver({ label: 'large' }, 64 * 1024, 300),
        setLarge: await maxBufferedOver({ label: 'set', highWaterMark: 1 << 20 }, 64 * 1024, 300),
      };
      a.dispose(); b.dispose();
      return out;
    });
    // 64-byte messages: the queue goes well past 64 KiB (SCTP bundles them), never past 1 MiB.
    // Node implementations take 64-byte messages as fast as they are written (bufferedAmount
    // stays 0), so only the upper bound can be seen there.
    if (ctx.node) t.diagnostic(`${ctx.name}: small messages: max bufferedAmount ${r.small}`);
    assert.ok((ctx.node || r.small > 128 * 1024) && r.small < (1 << 20), `small messages: max bufferedAmount ${r.small}`);
    // 64 KiB messages: under 64 KiB when each write() resolves, plus at most the message being sent.
    // @roamhq/wrtc never fires bufferedamountlow: kpeer reads bufferedAmount instead and keeps
    // the adaptive mark at 1 MiB (HighWaterMark::deepenForPolling).
    const largeLimit = ctx.name === 'node-wrtc' ? (1 << 20) + 64 * 1024 : 128 * 1024;
    assert.ok(r.large <= largeLimit, `large messages: max bufferedAmount ${r.large}`);
    assert.ok(r.setLarge > 128 * 1024, `highWaterMark: 1 MiB set by the user: max bufferedAmount ${r.setLarge}`);
  });

  test('send() and write() interleaved keep their order while the buffer fills and drains', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const got = [];
      let done;
      const finished = new Promise((ok) => { done = ok; });
      const N = 3000;
      let seen;
      const remoteSeen = new Promise((ok) => { seen = ok; });
      b.onChannel((c) => {
        c.onText((t) => { got.push(Number(t)); if (got.length === N) done(); });
        c.onBytes((u) => { got.push(new DataView(u.buffer, u.byteOffset).getUint32(0)); if (got.length === N) done(); });
        seen();
      });
      const ch = await a.createChannel({ label: 'mixed' });
      await until(ch.state, (s) => s === 'open');
      // Sending starts once b has its channel: @roamhq/wrtc delivers messages that arrive before its
      // 'datachannel' event after some later ones (raw wrtc too: 3 of 25 runs under load), an order
      // kpeer cannot restore (README, Node.js).
      await remoteSeen;
      const writes = [];
      let falseSends = 0;
      for (let i = 0; i < N; i++) {
        if (i % 10 === 0) {
          const big = new Uint8Array(48 * 1024);
          new DataView(big.buffer).setUint32(0, i);
          writes.push(ch.write(big));
          if (i % 100 === 0) await writes[writes.length - 1];
        } else if (!ch.send(String(i))) falseSends++;
      }
      await Promise.all(writes);
      await finished;
      a.dispose(); b.dispose();
      let outOfOrder = 0;
      for (let i = 0; i < got.length; i++) if (got[i] !== i) outOfOrder++;
      const at = got.findIndex((v, i) => v !== i);
      return { count: got.length, outOfOrder, falseSends, around: at < 0 ? [] : got.slice(Math.max(0, at - 3), at + 12), at };
    });
    assert.equal(r.falseSends, 0);
    assert.equal(r.count, 3000);
    assert.equal(r.outOfOrder, 0, `first out of order at ${r.at}: ${JSON.stringify(r.around)}`);
  });

  test('an oversized send() on a plain channel returns false, reports message-too-big, and the channel lives on', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const got = [];
      b.onChannel((c) => { c.onText((t) => got.push(t.length)); c.onBytes((u) => got.push(u.length)); });
      const ch = await a.createChannel({ label: 'plain' });
      const errors = [];
      ch.on('error', (e) => errors.push([e.code, e.message]));
      await until(ch.state, (s) => s === 'open');
      const max = a.maxMessageSize;
      if (max > (1 << 20)) {
        // Firefox ↔ Firefox: 1 GiB (a=max-message-size:1073741823); a message past it cannot even
        // be built as a string here. What Chromium refuses goes through.
        const fits = ch.send(new Uint8Array(300000));
        await new Promise((ok) => setTimeout(ok, 500));
        const out = { max, fits, got: got.length, errors };
        a.dispose(); b.dispose();
        return out;
      }
      const tooBig = ch.send(new Uint8Array(max + 1));
      const tooBigText = ch.send('x'.repeat(max + 1));
      const writeTooBig = await ch.write(new Uint8Array(max + 1)).then(() => 'ok', (e) => e.code);
      const fits = ch.send('y'.repeat(1000));
      await new Promise((ok) => setTimeout(ok, 300));
      const out = { max, tooBig, tooBigText, writeTooBig, fits, errors, got, state: ch.state.value };
      a.dispose(); b.dispose();
      return out;
    });
    if (ctx.name === 'firefox') {
      assert.equal(r.max, 1073741823);
      assert.equal(r.fits, true);
      assert.deepEqual(r.errors, []);
      return;
    }
    assert.equal(r.max, 262144);
    assert.equal(r.tooBig, false);
    assert.equal(r.tooBigText, false);
    assert.equal(r.writeTooBig, 'message-too-big');
    assert.equal(r.fits, true);
    assert.equal(r.errors.length, 2);
    assert.equal(r.errors[0][0], 'message-too-big');
    assert.match(r.errors[0][1], /262144/);
    assert.deepEqual(r.got, [1000]);
    assert.equal(r.state, 'open');
  });

  test('a chunked channel carries a 20 MiB message whole, with receive progress and a matching checksum', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const digest = async (u) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', u))).map((x) => x.toString(16).padStart(2, '0')).join('');
      const progress = [];
      let arrived;
      const got = new Promise((ok) => { arrived = ok; });
      b.onChannel((c) => {
        c.onProgress((p) => progress.push([p.received, p.total]));
        c.onBytes((u) => arrived(u));
      });
      const ch = await a.createChannel({ label: 'files', chunked: true });
      await until(ch.state, (s) => s === 'open');
      const big = crypto.getRandomValues(new Uint8Array(65536));
      const message = new Uint8Array(20 * 1024 * 1024);
      for (let off = 0; off < message.length; off += big.length) { message.set(big, off); message[off] ^= off >> 16; }
      const sentHash = await digest(message);
      await ch.write(message);
      const received = await got;
      const out = {
        size: received.length, same: (await digest(received)) === sentHash,
        progressEvents: progress.length, last: progress.at(-1), monotonic: progress.every((p, i) => i === 0 || p[0] > progress[i - 1][0]),
        overLimit: await ch.write(new Uint8Array(65 * 1024 * 1024)).then(() => 'ok', (e) => e.code),
      };
      a.dispose(); b.dispose();
      return out;
    });
    assert.equal(r.size, 20 * 1024 * 1024);
    assert.equal(r.same, true);
    assert.ok(r.progressEvents > 100, `progress events: ${r.progressEvents}`);
    assert.deepEqual(r.last, [20 * 1024 * 1024, 20 * 1024 * 1024]);
    assert.equal(r.monotonic, true);
    assert.equal(r.overLimit, 'message-too-big');
  });

  test('chunked channels carry text and bytes of any size in order; a plain channel stays plain', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const got = [];
      const remote = {};
      b.onChannel((c) => { remote[c.label] = c; c.onText((t) => got.push([c.label, 'text', t.length])); c.onBytes((u) => got.push([c.label, 'bytes', u.length])); });
      const ch = await a.createChannel({ label: 'chunky', chunked: { maxMessageSize: 4 * 1024 * 1024 } });
      const plain = await a.createChannel({ label: 'plain' });
      await until(ch.state, (s) => s === 'open');
      await until(plain.state, (s) => s === 'open');
      const sent = [ch.send('small'), ch.send('ü'.repeat(500000)), ch.send(new Uint8Array(300000)), ch.send(new Uint8Array(0)), ch.send(new Uint8Array(5 * 1024 * 1024))];
      plain.send('plain text');
      // Wait for the four chunky messages and the plain one (a loaded machine under @roamhq/wrtc
      // has taken over 1.5 s for these 1.3 MB), then a little longer so an extra one would show.
      const t0 = Date.now();
      while (got.length < 5 && Date.now() - t0 < 30000) await new Promise((ok) => setTimeout(ok, 20));
      const ms = Date.now() - t0;
      await new Promise((ok) => setTimeout(ok, 300));
      const bad = await a.createChannel({ label: 'x', chunked: true, ordered: false }).catch((e) => e.code);
      const badProtocol = await a.createChannel({ label: 'y', chunked: true, protocol: 'mine' }).catch((e) => e.code);
      a.dispose(); b.dispose();
      return { sent, got, bad, badProtocol, ms };
    });
    assert.deepEqual(r.sent, [true, true, true, true, false]);
    assert.deepEqual(r.got.filter(([l]) => l === 'chunky'), [['chunky', 'text', 5], ['chunky', 'text', 500000], ['chunky', 'bytes', 300000], ['chunky', 'bytes', 0]], `after ${r.ms} ms`);
    assert.deepEqual(r.got.filter(([l]) => l === 'plain'), [['plain', 'text', 10]]);
    assert.equal(r.bad, 'invalid-channel-config');
    assert.equal(r.badProtocol, 'invalid-channel-config');
  });
});
