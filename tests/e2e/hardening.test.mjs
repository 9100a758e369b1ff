// Hardening: bad input of every kind, fed to real peers in Chromium. Each case must fail with a
// KPeerError whose `code` is the documented one and whose `message` says what was wrong — and the
// same pair must still connect and deliver messages afterwards.
//
//  1. The table runs on one pair before it connects; then that pair connects and exchanges messages.
//  2. A part of the table (plus cases that need a remote description) runs on the connected pair,
//     with a round trip after every case.
//  3. 10 000 remote candidates before any description, on a pair of their own (the buffered ones
//     are applied later and make Chromium's ICE slow, which would skew the other cases).
//  4. Calls after close() and after dispose(); user callbacks that throw.
//
// Case functions run in the page (they are sent as source text): they see `kpeer`, `H` (helpers
// below) and get the pair as P = { a, b, ach, bch, sa, sb }.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useBrowser } from './harness.mjs';

const ctx = useBrowser();

// ---------------------------------------------------------------- page helpers

async function installHelpers(page) {
  await page.evaluate(() => {
    const describe = (e) => ({
      isKPeerError: e instanceof kpeer.KPeerError,
      name: e?.name,
      code: e?.code,
      message: String(e?.message ?? e),
    });
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const within = (p, ms, what) => Promise.race([p, sleep(ms).then(() => { throw new Error(`timeout: ${what}`); })]);
    // A signal that passes the codec (so only the peer's state can refuse it).
    const OFFER_LIKE = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
    const cyclic = () => { const o = { type: 'offer', sdp: OFFER_LIKE }; o.self = o; return o; };
    const revoked = () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; };
    window.H = {
      describe, sleep, within, OFFER_LIKE, cyclic, revoked,
      pairs: {},
      // Runs one case: records a synchronous throw, an async rejection or a value.
      async run(key, src) {
        const P = H.pairs[key];
        const fn = (0, eval)(src);
        let r;
        try { r = fn(P); } catch (e) { return { mode: 'throw', error: describe(e) }; }
        if (r && typeof r.then === 'function') {
          try { const v = await within(r, 20000, 'the promise did not settle'); return { mode: 'resolve', value: String(v) }; } catch (e) {
            return { mode: 'reject', error: describe(e) };
          }
        }
        return { mode: 'return', value: String(r) };
      },
      // send() of bad data: must return false without throwing; the KPeerError it reports on the
      // channel's 'error' event becomes this promise's rejection, so the table checks it like the rest.
      async badSend(channel, data) {
        const errors = [];
        const sub = channel.on('error', (e) => errors.push(e));
        let ret;
        try { ret = channel.send(data); } catch (e) {
          sub.cancel();
          throw new Error(`send() threw ${e?.name}: ${e?.message} (it must return false and never throw)`);
        }
        await sleep(20);
        sub.cancel();
        if (ret !== false) throw new Error(`send() returned ${String(ret)}, expected false`);
        if (!errors.length) throw new Error('send() returned false but no KPeerError was reported on the channel');
        throw errors[0];
      },
      // One message each way on the pair's main channel.
      async roundtrip(P, ms = 5000) {
        const nonce = Math.random().toString(36).slice(2);
        const wait = (ch) => new Promise((resolve) => {
          const sub = ch.onText((t) => { if (t.endsWith(nonce)) { sub.cancel(); resolve(t); } });
        });
        const atB = wait(P.bch), atA = wait(P.ach);
        const sentA = P.ach.send(`a>b ${nonce}`), sentB = P.bch.send(`b>a ${nonce}`);
        if (!sentA || !sentB) throw new Error(`send returned ${sentA}/${sentB}; states ${P.ach.state.value}/${P.bch.state.value}`);
        await within(Promise.all([atA, atB]), ms, `round trip (states ${P.a.connectionState.value}/${P.b.connectionState.value})`);
        return true;
      },
      // pair() from blank.html, plus recorded signals and errors.
      async newPair(key, optsA, optsB) {
        const P = await pair(optsA, optsB);
        P.sa = []; P.sb = []; P.errorsA = []; P.errorsB = [];
        P.a.onSignal((s) => P.sa.push(s));
        P.b.onSignal((s) => P.sb.push(s));
        P.a.on('error', (e) => P.errorsA.push(e));
        P.b.on('error', (e) => P.errorsB.push(e));
        H.pairs[key] = P;
        return { a: P.a.connectionState.value, b: P.b.connectionState.value };
      },
      // Opens the 'main' channel and waits until both ends are open.
      async connect(key, ms = 15000) {
        const P = H.pairs[key];
        const t0 = performance.now();
        const atB = new Promise((resolve) => P.b.onChannel((ch) => { if (ch.label === 'main') resolve(ch); }));
        P.ach = await P.a.createChannel({ label: 'main' });
        P.bch = await within(atB, ms, 'b never saw the channel');
        await within(until(P.ach.state, (s) => s === 'open', ms), ms, 'a channel open');
        await within(until(P.bch.state, (s) => s === 'open', ms), ms, 'b channel open');
        return performance.now() - t0;
      },
    };
  });
}

// Runs one case in the page and checks the outcome.
async function check(page, key, c) {
  const r = await page.evaluate(({ key, src }) => H.run(key, src), { key, src: c.run.toString() });
  const expectMode = c.mode || 'reject';
  const got = r.error ? `${r.mode} ${r.error.name}(${r.error.code}): ${r.error.message.slice(0, 300)}` : `${r.mode} ${r.value}`;
  if (expectMode === 'either') assert.ok(r.mode === 'throw' || r.mode === 'reject', `expected a throw or a rejection, got ${got}`);
  else assert.equal(r.mode, expectMode, `expected ${expectMode} with KPeerError('${c.code}'), got ${got}`);
  assert.ok(r.error.isKPeerError, `expected a KPeerError, got ${got}`);
  assert.equal(r.error.name, 'KPeerError', got);
  assert.equal(r.error.code, c.code, `wrong code: ${got}`);
  assert.match(r.error.message, c.message, `the message does not say what was wrong: ${got}`);
  assert.ok(r.error.message.length < 600, `message is ${r.error.message.length} chars long (it should not echo the input)`);
}

// ---------------------------------------------------------------- the table

// Signals: on a pair before it connects, and (connected: true) again once it is connected.
const signalCases = [
  { name: 'signal: not JSON', connected: true, code: 'invalid-signal', message: /JSON/, run: (P) => P.b.signal('not json') },
  { name: 'signal: truncated JSON', connected: true, code: 'invalid-signal', message: /JSON/, run: (P) => P.a.signal('{"type":"offer","sdp":"v=0') },
  { name: 'signal: empty string', code: 'invalid-signal', message: /empty/, run: (P) => P.b.signal('') },
  { name: 'signal: null', connected: true, code: 'invalid-signal', message: /object/, run: (P) => P.b.signal(null) },
  { name: 'signal: undefined', connected: true, code: 'invalid-signal', message: /empty|undefined|missing/, run: (P) => P.a.signal(undefined) },
  { name: 'signal: no argument', code: 'invalid-signal', message: /empty|undefined|missing/, run: (P) => P.a.signal() },
  { name: 'signal: a number', connected: true, code: 'invalid-signal', message: /object/, run: (P) => P.b.signal(42) },
  { name: 'signal: a boolean', code: 'invalid-signal', message: /object/, run: (P) => P.a.signal(true) },
  { name: 'signal: an array', code: 'invalid-signal', message: /object/, run: (P) => P.b.signal([{ type: 'offer', sdp: H.OFFER_LIKE }]) },
  { name: 'signal: JSON text of a number', code: 'invalid-signal', message: /object/, run: (P) => P.b.signal('42') },
  { name: 'signal: a function', code: 'invalid-signal', message: /empty|function/, run: (P) => P.b.signal(() => 1) },
  // Fields are read, the object is never serialized: a cycle does not matter, the bad candidate does.
  { name: 'signal: a cyclic object with a bad candidate', connected: true, code: 'invalid-signal', message: /candidate:/, run: (P) => { const o = { type: 'ice', candidate: 'hello', sdpMid: '0' }; o.self = o; return P.a.signal(o); } },
  { name: 'signal: a BigInt field', code: 'invalid-signal', message: /sdpMLineIndex/, run: (P) => P.b.signal({ type: 'ice', candidate: '', sdpMLineIndex: 10n }) },
  { name: 'signal: toJSON() is not called, the fields are read', code: 'invalid-signal', message: /type/, run: (P) => P.b.signal({ toJSON() { throw new Error('boom'); } }) },
  { name: 'signal: a getter that throws', connected: true, code: 'invalid-signal', message: /signal\.candidate could not be read: boom/, run: (P) => P.b.signal({ type: 'ice', sdpMid: '0', get candidate() { throw new Error('boom'); } }) },
  { name: 'signal: a revoked Proxy', code: 'invalid-signal', message: /JSON|revoked|proxy/i, run: (P) => P.a.signal(H.revoked()) },
  { name: 'signal: {} (missing type)', connected: true, code: 'invalid-signal', message: /type/, run: (P) => P.b.signal({}) },
  { name: 'signal: type is a number', code: 'invalid-signal', message: /type/, run: (P) => P.a.signal({ type: 5, sdp: H.OFFER_LIKE }) },
  { name: 'signal: unknown type', connected: true, code: 'invalid-signal', message: /unknown.*bogus|bogus.*unknown/, run: (P) => P.b.signal({ type: 'bogus', sdp: H.OFFER_LIKE }) },
  { name: 'signal: type in upper case', code: 'invalid-signal', message: /OFFER/, run: (P) => P.a.signal({ type: 'OFFER', sdp: H.OFFER_LIKE }) },
  { name: 'signal: offer without sdp', connected: true, code: 'invalid-signal', message: /sdp/, run: (P) => P.b.signal({ type: 'offer' }) },
  { name: 'signal: sdp is a number', code: 'invalid-signal', message: /sdp/, run: (P) => P.a.signal({ type: 'offer', sdp: 123 }) },
  { name: 'signal: empty sdp', connected: true, code: 'invalid-signal', message: /sdp|session description/, run: (P) => P.b.signal({ type: 'offer', sdp: '' }) },
  { name: 'signal: garbage sdp', connected: true, code: 'invalid-signal', message: /sdp|session description/, run: (P) => P.a.signal({ type: 'answer', sdp: 'hello world' }) },
  { name: 'signal: sdp that the browser cannot parse (offer to the polite side)', connected: true, code: 'negotiation-failed', message: /description|SessionDescription|parse/, run: (P) => P.b.signal({ type: 'offer', sdp: 'v=0\r\ngarbage' }) },
  { name: 'signal: sdp that the browser cannot parse (offer to the impolite side)', code: 'negotiation-failed', message: /description|SessionDescription|parse/, run: (P) => P.a.signal({ type: 'offer', sdp: 'v=0\r\nx=y\r\n' }) },
  { name: 'signal: offer with 4 MiB of sdp', connected: true, code: 'invalid-signal', message: /larger than|limit|too (big|large)/, run: (P) => P.b.signal({ type: 'offer', sdp: 'v=0\r\n' + 'a=x\r\n'.repeat(1 << 20) }) },
  { name: 'signal: 4 MiB of JSON text', code: 'invalid-signal', message: /larger than|limit|too (big|large)/, run: (P) => P.a.signal(JSON.stringify({ type: 'offer', sdp: 'v=0\r\n' + 'z'.repeat(4 << 20) })) },
  { name: 'signal: one byte over the 256 KiB limit', code: 'invalid-signal', message: /larger than|limit/, run: (P) => { const head = '{"type":"offer","sdp":"v=0', tail = '"}'; return P.b.signal(head + 'x'.repeat(256 * 1024 + 1 - head.length - tail.length) + tail); } },
  { name: 'signal: JSON nested 200 000 deep', code: 'invalid-signal', message: /JSON|deep|nest/, run: (P) => P.b.signal('['.repeat(200000)) },
  // Valid JSON that is too deep to accept: the message must say so, not call it invalid JSON.
  { name: 'signal: valid JSON nested 100 000 deep in an extra field', code: 'invalid-signal', message: /sdp|session description|deep|nest/, run: (P) => P.a.signal('{"type":"offer","sdp":"x","extra":' + '['.repeat(100000) + ']'.repeat(100000) + '}') },
  { name: 'signal: answer with no offer (initiator)', connected: true, code: 'invalid-signal', message: /no offer|answer/, run: (P) => P.a.signal({ type: 'answer', sdp: H.OFFER_LIKE }) },
  { name: 'signal: answer with no offer (non-initiator)', code: 'invalid-signal', message: /no offer|answer/, run: (P) => P.b.signal({ type: 'answer', sdp: H.OFFER_LIKE }) },
  { name: 'signal: ice without candidate', connected: true, code: 'invalid-signal', message: /candidate/, run: (P) => P.b.signal({ type: 'ice', sdpMid: '0' }) },
  { name: 'signal: ice candidate is a number', code: 'invalid-signal', message: /candidate/, run: (P) => P.a.signal({ type: 'ice', candidate: 7, sdpMid: '0' }) },
  { name: 'signal: ice candidate is garbage', connected: true, code: 'invalid-signal', message: /candidate:/, run: (P) => P.b.signal({ type: 'ice', candidate: 'hello', sdpMid: '0' }) },
  { name: 'signal: ice without sdpMid and sdpMLineIndex', code: 'invalid-signal', message: /sdpMid|sdpMLineIndex/, run: (P) => P.a.signal({ type: 'ice', candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host' }) },
  { name: 'signal: ice sdpMid is a number', code: 'invalid-signal', message: /sdpMid/, run: (P) => P.b.signal({ type: 'ice', candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host', sdpMid: 0 }) },
  { name: 'signal: ice sdpMLineIndex is negative', connected: true, code: 'invalid-signal', message: /sdpMLineIndex/, run: (P) => P.a.signal({ type: 'ice', candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host', sdpMLineIndex: -1 }) },
  { name: 'signal: ice sdpMLineIndex is 1.5', code: 'invalid-signal', message: /sdpMLineIndex/, run: (P) => P.b.signal({ type: 'ice', candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host', sdpMLineIndex: 1.5 }) },
  { name: 'signal: ice sdpMLineIndex is a string', code: 'invalid-signal', message: /sdpMLineIndex/, run: (P) => P.a.signal({ type: 'ice', candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host', sdpMLineIndex: '0' }) },
];

// new KPeer(config): throws KPeerError('invalid-config') synchronously.
const configCases = [
  { name: 'config: none', message: /config|initiator/, run: () => new kpeer.KPeer() },
  { name: 'config: null', message: /config|object/, run: () => new kpeer.KPeer(null) },
  { name: 'config: a number', message: /config|object/, run: () => new kpeer.KPeer(42) },
  { name: 'config: a string', message: /config|object/, run: () => new kpeer.KPeer('initiator') },
  { name: 'config: a cyclic object with a bad field', message: /initiator/, run: () => { const c = { initiator: 'yes', iceServers: [] }; c.self = c; return new kpeer.KPeer(c); } },
  { name: 'config: a getter that throws', message: /config|initiator|boom/, run: () => new kpeer.KPeer({ get initiator() { throw new Error('boom'); } }) },
  { name: 'config: a revoked Proxy', message: /config|revoked|proxy/i, run: () => new kpeer.KPeer(H.revoked()) },
  { name: 'config: missing initiator', message: /initiator/, run: () => new kpeer.KPeer({ iceServers: [] }) },
  { name: 'config: initiator is a string', message: /initiator/, run: () => new kpeer.KPeer({ initiator: 'yes', iceServers: [] }) },
  { name: 'config: negative flushInterval', message: /flushInterval/, run: () => new kpeer.KPeer({ initiator: true, iceServers: [], iceCandidateEmitPolicy: { flushInterval: -1 } }) },
  { name: 'config: flushInterval is a string', message: /flushInterval/, run: () => new kpeer.KPeer({ initiator: true, iceServers: [], iceCandidateEmitPolicy: { flushInterval: '50' } }) },
  { name: 'config: maxBatchSize 0', message: /maxBatchSize/, run: () => new kpeer.KPeer({ initiator: true, iceServers: [], iceCandidateEmitPolicy: { maxBatchSize: 0 } }) },
  { name: 'config: maxBatchSize 2.5', message: /maxBatchSize/, run: () => new kpeer.KPeer({ initiator: true, iceServers: [], iceCandidateEmitPolicy: { maxBatchSize: 2.5 } }) },
  { name: 'config: iceCandidateEmitPolicy is a string', message: /iceCandidateEmitPolicy/, run: () => new kpeer.KPeer({ initiator: true, iceServers: [], iceCandidateEmitPolicy: 'fast' }) },
  { name: 'config: negative connectionTimeoutMs', message: /connectionTimeoutMs/, run: () => new kpeer.KPeer({ initiator: true, iceServers: [], connectionTimeoutMs: -5 }) },
  { name: 'config: iceServers is not an array', message: /iceServers/, run: () => new kpeer.KPeer({ initiator: true, iceServers: 'stun:stun.example.org' }) },
  { name: 'config: iceServers of a billion empty slots', message: /iceServers.*at most 64/, run: () => new kpeer.KPeer({ initiator: true, iceServers: new Array(1e9) }) },
  { name: 'config: iceServers entry is a string', message: /iceServers/, run: () => new kpeer.KPeer({ initiator: true, iceServers: ['stun:stun.example.org'] }) },
  { name: 'config: iceServers entry without urls', message: /urls/, run: () => new kpeer.KPeer({ initiator: true, iceServers: [{}] }) },
  { name: 'config: iceServers urls is a number', message: /urls/, run: () => new kpeer.KPeer({ initiator: true, iceServers: [{ urls: 5 }] }) },
  { name: 'config: iceServers with a bad URL', message: /not a url|URL/, run: () => new kpeer.KPeer({ initiator: true, iceServers: [{ urls: 'not a url' }] }) },
  { name: 'config: iceServers with an http: URL', message: /http|URL|scheme/i, run: () => new kpeer.KPeer({ initiator: true, iceServers: [{ urls: 'http://example.org' }] }) },
  { name: 'config: turn: URL without credentials', message: /username|credential/, run: () => new kpeer.KPeer({ initiator: true, iceServers: [{ urls: 'turn:turn.example.org' }] }) },
  { name: 'config: iceTransportPolicy "none"', message: /iceTransportPolicy/, run: () => new kpeer.KPeer({ initiator: true, iceServers: [], iceTransportPolicy: 'none' }) },
  { name: 'config: logger is a number', message: /logger/, run: () => new kpeer.KPeer({ initiator: true, iceServers: [], logger: 5 }) },
].map((c) => ({ ...c, code: 'invalid-config', mode: 'throw' }));

// createChannel(config): rejects with KPeerError('invalid-channel-config').
const channelConfigCases = [
  { name: 'channel config: none', connected: true, message: /channel config|label/, run: (P) => P.a.createChannel() },
  { name: 'channel config: null', message: /channel config|object/, run: (P) => P.b.createChannel(null) },
  { name: 'channel config: a number', connected: true, message: /channel config|object/, run: (P) => P.a.createChannel(7) },
  { name: 'channel config: a string', message: /channel config|object/, run: (P) => P.b.createChannel('chat') },
  { name: 'channel config: a cyclic object with a bad label', connected: true, message: /label/, run: (P) => { const c = { label: 5 }; c.self = c; return P.a.createChannel(c); } },
  { name: 'channel config: missing label', connected: true, message: /label/, run: (P) => P.b.createChannel({ ordered: true }) },
  { name: 'channel config: label is a number', message: /label/, run: (P) => P.a.createChannel({ label: 5 }) },
  { name: 'channel config: label of 65 536 ASCII bytes', connected: true, message: /label.*65535|65535.*label/, run: (P) => P.a.createChannel({ label: 'x'.repeat(65536) }) },
  { name: 'channel config: label of 65 536 UTF-8 bytes (32 768 chars)', message: /label.*65535|65535.*label/, run: (P) => P.b.createChannel({ label: 'é'.repeat(32768) }) },
  { name: 'channel config: label of 1 MiB', connected: true, message: /label.*65535|65535.*label/, run: (P) => P.b.createChannel({ label: 'y'.repeat(1 << 20) }) },
  { name: 'channel config: protocol over 65 535 bytes', message: /protocol/, run: (P) => P.a.createChannel({ label: 'p', protocol: 'p'.repeat(65536) }) },
  { name: 'channel config: ordered is a string', message: /ordered/, run: (P) => P.a.createChannel({ label: 'o', ordered: 'yes' }) },
  { name: 'channel config: negative maxRetransmits', connected: true, message: /maxRetransmits/, run: (P) => P.b.createChannel({ label: 'r', maxRetransmits: -1 }) },
  { name: 'channel config: maxRetransmits and maxPacketLifeTime', message: /maxRetransmits|maxPacketLifeTime/, run: (P) => P.a.createChannel({ label: 'r', maxRetransmits: 1, maxPacketLifeTime: 100 }) },
  { name: 'channel config: reliable with maxRetransmits', message: /reliable/, run: (P) => P.b.createChannel({ label: 'r', reliable: true, maxRetransmits: 2 }) },
  { name: 'channel config: negotiated without id', message: /negotiated|id/, run: (P) => P.a.createChannel({ label: 'n', negotiated: true }) },
  { name: 'channel config: id without negotiated', message: /id|negotiated/, run: (P) => P.b.createChannel({ label: 'n', id: 3 }) },
  { name: 'channel config: id 65535', message: /id/, run: (P) => P.a.createChannel({ label: 'n', negotiated: true, id: 65535 }) },
].map((c) => ({ ...c, code: 'invalid-channel-config' }));

// Only meaningful once the pair is connected (remote description set, channel open).
const connectedOnlyCases = [
  { name: 'duplicate answer', code: 'invalid-signal', message: /answer/, run: (P) => P.a.signal(P.sb.find((s) => s.type === 'answer')) },
  // A replayed offer (same o= session id and version as the remote description in place) must be
  // refused: re-applying it makes this side answer again, an answer the other side then refuses.
  { name: 'duplicate offer', code: 'invalid-signal', message: /duplicate|already/i, run: (P) => P.b.signal(P.sa.find((s) => s.type === 'offer')) },
  // The message must name the locator that matched nothing, so the user can find the bad candidate.
  { name: 'ice candidate for an unknown sdpMid', code: 'invalid-signal', message: /sdpMid|'nope'|"nope"/, run: (P) => P.b.signal({ type: 'ice', candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host', sdpMid: 'nope' }) },
  { name: 'ice candidate for an unknown sdpMLineIndex', code: 'invalid-signal', message: /sdpMLineIndex|\b7\b/, run: (P) => P.a.signal({ type: 'ice', candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host', sdpMLineIndex: 7 }) },
  { name: 'send(undefined)', code: 'invalid-data', message: /string|ArrayBuffer/, run: (P) => H.badSend(P.ach, undefined) },
  { name: 'send(null)', code: 'invalid-data', message: /string|ArrayBuffer/, run: (P) => H.badSend(P.bch, null) },
  { name: 'send(42)', code: 'invalid-data', message: /string|ArrayBuffer/, run: (P) => H.badSend(P.ach, 42) },
  { name: 'send(true)', code: 'invalid-data', message: /string|ArrayBuffer/, run: (P) => H.badSend(P.bch, true) },
  { name: 'send({})', code: 'invalid-data', message: /string|ArrayBuffer/, run: (P) => H.badSend(P.ach, { hello: 'world' }) },
  { name: 'send([1, 2, 3])', code: 'invalid-data', message: /string|ArrayBuffer/, run: (P) => H.badSend(P.bch, [1, 2, 3]) },
  { name: 'send(Symbol())', code: 'invalid-data', message: /string|ArrayBuffer/, run: (P) => H.badSend(P.ach, Symbol('x')) },
  { name: 'send(10n)', code: 'invalid-data', message: /string|ArrayBuffer/, run: (P) => H.badSend(P.bch, 10n) },
  { name: 'send(a cyclic object)', code: 'invalid-data', message: /string|ArrayBuffer/, run: (P) => H.badSend(P.ach, H.cyclic()) },
  // A revoked Proxy throws from any type probe (instanceof): send() must still return false.
  { name: 'send(a revoked Proxy)', code: 'invalid-data', message: /string|ArrayBuffer/, run: (P) => H.badSend(P.ach, H.revoked()) },
  // Firefox ↔ Firefox allows 1 GiB messages: one past it cannot be built in a page (chromiumOnly).
  { name: 'send() of more than maxMessageSize', chromiumOnly: true, code: 'message-too-big', message: /maximum message size|maxMessageSize/, run: (P) => H.badSend(P.ach, new Uint8Array(P.a.maxMessageSize + 1)) },
  { name: 'write(42)', code: 'invalid-data', message: /string|ArrayBuffer/, run: (P) => P.ach.write(42) },
  { name: 'write(a revoked Proxy)', code: 'invalid-data', message: /string|ArrayBuffer/, run: (P) => P.bch.write(H.revoked()) },
  { name: 'write() of more than maxMessageSize', chromiumOnly: true, code: 'message-too-big', message: /maximum message size|maxMessageSize/, run: (P) => P.bch.write('x'.repeat(P.b.maxMessageSize + 1)) },
];

const preConnection = [...signalCases, ...channelConfigCases];
const onConnected = [...signalCases, ...channelConfigCases].filter((c) => c.connected)
  .concat(connectedOnlyCases.filter((c) => !(c.chromiumOnly && ctx.name === 'firefox')));

// ---------------------------------------------------------------- tests

test(`bad input on one pair: ${preConnection.length} cases before it connects, ${onConnected.length} once connected`, async (t) => {
  const page = await ctx.page();
  await installHelpers(page);
  await page.evaluate(() => H.newPair('main'));
  const handles = () => page.evaluate(() => kpeer.diagnostics.emvalHandles());

  const handlesBefore = await handles();
  const t0 = Date.now();
  for (const c of preConnection) await t.test(`before connecting: ${c.name}`, () => check(page, 'main', c));
  const preMs = Date.now() - t0;
  await t.test('before connecting: the rejected input left no emval handle behind', async () => {
    assert.equal(await handles(), handlesBefore);
  });

  await t.test('after the table the pair is untouched, then connects and delivers', async () => {
    const states = await page.evaluate(() => [H.pairs.main.a.connectionState.value, H.pairs.main.b.connectionState.value]);
    assert.deepEqual(states, ['connecting', 'connecting']);
    const ms = await page.evaluate(() => H.connect('main'));
    await page.evaluate(() => H.roundtrip(H.pairs.main));
    t.diagnostic(`pre-connection table: ${preMs} ms; connect afterwards: ${Math.round(ms)} ms`);
  });

  const handlesConnected = await handles();
  const t1 = Date.now();
  for (const c of onConnected) {
    await t.test(`connected: ${c.name}`, async () => {
      try {
        await check(page, 'main', c);
      } finally {
        // Whatever the case did, the pair must still carry messages both ways.
        await page.evaluate(() => H.roundtrip(H.pairs.main));
      }
    });
  }
  t.diagnostic(`connected table: ${Date.now() - t1} ms`);
  await t.test('connected: the rejected input left no emval handle behind', async () => {
    await page.evaluate(() => H.sleep(100));
    assert.equal(await handles(), handlesConnected);
  });

  await t.test('connected: a label of exactly 65 535 bytes is accepted and opens on both sides', async () => {
    const r = await page.evaluate(async () => {
      const P = H.pairs.main;
      const label = 'L'.repeat(65535);
      const atB = new Promise((resolve) => P.b.onChannel((ch) => { if (ch.label === label) resolve(ch); }));
      const ch = await P.a.createChannel({ label });
      const bch = await H.within(atB, 10000, 'b never saw the channel');
      await until(ch.state, (s) => s === 'open');
      const got = new Promise((resolve) => bch.onText(resolve));
      ch.send('long label');
      const text = await H.within(got, 5000, 'message on the long-label channel');
      ch.close();
      return { text, labelLength: bch.label.length };
    });
    assert.deepEqual(r, { text: 'long label', labelLength: 65535 });
  });

  await t.test('no uncaught errors in the page', async () => {
    const r = await page.evaluate(() => ({ a: H.pairs.main.a.connectionState.value, b: H.pairs.main.b.connectionState.value }));
    assert.deepEqual(r, { a: 'connected', b: 'connected' });
    assert.deepEqual(page.errors.filter((e) => !/^Failed to load resource/.test(e)), []);
  });
  await page.evaluate(() => { H.pairs.main.a.dispose(); H.pairs.main.b.dispose(); });
  await page.close();
});

test(`bad KPeer configs: ${configCases.length} cases throw 'invalid-config' and leak nothing`, async (t) => {
  const page = await ctx.page();
  await installHelpers(page);
  const before = await page.evaluate(() => ({ live: kpeer.diagnostics.liveWebPeers(), handles: kpeer.diagnostics.emvalHandles() }));
  for (const c of configCases) await t.test(c.name, () => check(page, 'none', c));
  await t.test('no WebPeer and no emval handle is left behind', async () => {
    const after = await page.evaluate(() => ({ live: kpeer.diagnostics.liveWebPeers(), handles: kpeer.diagnostics.emvalHandles() }));
    assert.deepEqual(after, before);
  });
  await t.test('configs are read by their fields: a cycle, a class instance and getters are fine', async () => {
    const r = await page.evaluate(() => {
      class Config { get initiator() { return true; } }
      const cyclic = { initiator: false, iceServers: [{ urls: 'stun:stun.example.org:3478' }] };
      cyclic.self = cyclic;
      const made = [new kpeer.KPeer(new Config()), new kpeer.KPeer(cyclic)];
      const states = made.map((p) => p.connectionState.value);
      made.forEach((p) => p.dispose());
      return states;
    });
    assert.deepEqual(r, ['connecting', 'connecting']);
  });
  await t.test('a good config still works in the same page', async () => {
    await page.evaluate(() => H.newPair('after-configs'));
    await page.evaluate(() => H.connect('after-configs'));
    await page.evaluate(() => H.roundtrip(H.pairs['after-configs']));
  });
  await page.close();
});

// The shared table (tests/shared/bad-signals.json), also checked natively through nlohmann_json
// (tests/native/bad_signals_test.cpp): the same code and the exact same message in the browser.
test('the shared bad-signal table: the browser gives the same code and message as the native build', async (t) => {
  const table = JSON.parse(readFileSync(new URL('../shared/bad-signals.json', import.meta.url), 'utf8'));
  const page = await ctx.page();
  await installHelpers(page);
  await page.evaluate(() => H.newPair('table'));
  const handlesBefore = await page.evaluate(() => kpeer.diagnostics.emvalHandles());
  for (const c of table.cases) {
    await t.test(c.name, async () => {
      const got = await page.evaluate(async (c) => {
        const inputs = 'text' in c ? [c.text] : [c.value, JSON.stringify(c.value)];
        const out = [];
        for (const input of inputs) {
          try { await H.pairs.table.b.signal(input); out.push('resolved'); } catch (e) { out.push(H.describe(e)); }
        }
        return out;
      }, c);
      for (const r of got) {
        assert.equal(r.isKPeerError, true, JSON.stringify(r));
        assert.equal(r.code, c.code);
        assert.equal(r.message, c.message);
      }
    });
  }
  await t.test('no emval handle left behind, and the pair still connects', async () => {
    assert.equal(await page.evaluate(() => kpeer.diagnostics.emvalHandles()), handlesBefore);
    await page.evaluate(() => H.connect('table'));
    await page.evaluate(() => H.roundtrip(H.pairs.table));
  });
  await page.evaluate(() => { H.pairs.table.a.dispose(); H.pairs.table.b.dispose(); });
  await page.close();
});

test('10 000 remote candidates before any description: 1000 buffer, 9000 reject, the pair still connects', async (t) => {
  const page = await ctx.page();
  await installHelpers(page);
  await page.evaluate(() => H.newPair('flood'));
  const r = await page.evaluate(async () => {
    const P = H.pairs.flood;
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: 10000 }, (_, i) => P.b.signal({
      type: 'ice', candidate: `candidate:${i} 1 udp 1 192.0.2.1 ${10000 + i} typ host`, sdpMid: '0', sdpMLineIndex: 0,
    }).then(() => ({ ok: true }), (e) => ({ ok: false, ...H.describe(e) }))));
    const signalMs = performance.now() - t0;
    const firstReject = results.findIndex((x) => !x.ok);
    const rejected = results.filter((x) => !x.ok);
    const codes = [...new Set(rejected.map((x) => x.code))];
    const connectMs = await H.connect('flood', 60000);
    await H.roundtrip(P);
    return {
      signalMs, connectMs, firstReject, resolved: results.length - rejected.length, rejected: rejected.length, codes,
      allKPeerErrors: rejected.every((x) => x.isKPeerError), message: rejected[0]?.message,
    };
  });
  t.diagnostic(`10 000 signal() calls: ${Math.round(r.signalMs)} ms; connect with 1000 buffered candidates: ${Math.round(r.connectMs)} ms`);
  assert.equal(r.resolved, 1000);
  assert.equal(r.firstReject, 1000, 'the first 1000 are the ones buffered');
  assert.equal(r.rejected, 9000);
  assert.deepEqual(r.codes, ['limit-exceeded']);
  assert.ok(r.allKPeerErrors);
  assert.match(r.message, /1000/);
  assert.match(r.message, /candidate/);
  await page.evaluate(() => { H.pairs.flood.a.dispose(); H.pairs.flood.b.dispose(); });
  await page.close();
});

test('calls after close(): signal and createChannel reject with "closed"', async (t) => {
  const page = await ctx.page();
  await installHelpers(page);
  await page.evaluate(() => H.newPair('closed'));
  await page.evaluate(() => H.connect('closed'));
  // A signal the browser is still applying when close() is called.
  await page.evaluate(() => {
    const P = H.pairs.closed;
    P.inFlight = P.b.signal({ type: 'offer', sdp: 'v=0\r\nx=still being applied\r\n' }).then(() => ({ ok: true }), (e) => H.describe(e));
    P.a.close();
    P.b.close();
  });
  const cases = [
    { name: 'state is "closed" right after close()', run: null },
    { name: 'signal(offer) after close()', code: 'closed', message: /closed/, run: (P) => P.a.signal({ type: 'offer', sdp: H.OFFER_LIKE }) },
    { name: 'signal(answer) after close()', code: 'closed', message: /closed/, run: (P) => P.a.signal({ type: 'answer', sdp: H.OFFER_LIKE }) },
    { name: 'signal(ice) after close()', code: 'closed', message: /closed/, run: (P) => P.b.signal({ type: 'ice', candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host', sdpMid: '0' }) },
    { name: 'signal(the real offer) after close()', code: 'closed', message: /closed/, run: (P) => P.b.signal(P.sa.find((s) => s.type === 'offer')) },
    { name: 'createChannel() after close()', code: 'closed', message: /closed/, run: (P) => P.a.createChannel({ label: 'late' }) },
    { name: 'createChannel() of the old label after close()', code: 'closed', message: /closed/, run: (P) => P.b.createChannel({ label: 'main' }) },
    { name: 'restartIce() after close()', code: 'closed', message: /closed/, mode: 'either', run: (P) => P.a.restartIce() },
    { name: 'channel.write() after close()', code: 'closed', message: /closed/, run: (P) => P.ach.write('late') },
  ];
  await t.test(cases[0].name, async () => {
    const r = await page.evaluate(() => {
      const P = H.pairs.closed;
      return [P.a.connectionState.value, P.b.connectionState.value, P.ach.state.value, P.bch.state.value];
    });
    assert.deepEqual(r, ['closed', 'closed', 'closed', 'closed']);
  });
  await t.test('a signal being applied when close() is called rejects with "closed"', async () => {
    const r = await page.evaluate(() => H.pairs.closed.inFlight);
    assert.equal(r.isKPeerError, true, JSON.stringify(r));
    assert.equal(r.code, 'closed', JSON.stringify(r));
    assert.match(r.message, /closed/);
  });
  for (const c of cases.slice(1)) await t.test(c.name, () => check(page, 'closed', c));
  await t.test('channel.send() after close() returns false', async () => {
    assert.deepEqual(await page.evaluate(() => [H.pairs.closed.ach.send('x'), H.pairs.closed.bch.send(new Uint8Array(3))]), [false, false]);
  });
  await t.test('close() and dispose() are idempotent', async () => {
    const r = await page.evaluate(() => {
      const P = H.pairs.closed;
      try { P.a.close(); P.a.close(); P.a.dispose(); P.a.dispose(); P.a.close(); P.b.dispose(); P.b.close(); P.b.dispose(); return 'ok'; } catch (e) { return `${e.name}: ${e.message}`; }
    });
    assert.equal(r, 'ok');
  });
  await page.close();
});

test('calls after dispose() throw or reject with "disposed"', async (t) => {
  const page = await ctx.page();
  await installHelpers(page);
  await page.evaluate(() => H.newPair('disposed'));
  await page.evaluate(() => H.connect('disposed'));
  await page.evaluate(() => {
    const P = H.pairs.disposed;
    P.inFlight = P.b.signal({ type: 'offer', sdp: 'v=0\r\nx=still being applied\r\n' }).then(() => ({ ok: true }), (e) => H.describe(e));
    P.a.dispose();
    P.b.dispose();
  });
  await t.test('a signal being applied when dispose() is called rejects (closed or disposed)', async () => {
    const r = await page.evaluate(() => H.pairs.disposed.inFlight);
    assert.equal(r.isKPeerError, true, JSON.stringify(r));
    assert.ok(['closed', 'disposed'].includes(r.code), JSON.stringify(r));
  });
  const cases = [
    { name: 'signal() after dispose()', run: (P) => P.a.signal({ type: 'offer', sdp: H.OFFER_LIKE }) },
    { name: 'signal(garbage) after dispose()', run: (P) => P.b.signal('not json') },
    { name: 'createChannel() after dispose()', run: (P) => P.a.createChannel({ label: 'late' }) },
    { name: 'createChannel(bad config) after dispose()', run: (P) => P.b.createChannel(null) },
    { name: 'getStats() after dispose()', run: (P) => P.a.getStats() },
    { name: 'restartIce() after dispose()', mode: 'either', run: (P) => P.b.restartIce() },
    { name: 'channel.write() after dispose()', run: (P) => P.ach.write('late') },
  ].map((c) => ({ mode: 'reject', code: 'disposed', message: /disposed/, ...c }));
  for (const c of cases) await t.test(c.name, () => check(page, 'disposed', c));
  await t.test('channel.send() after dispose() returns false, close()/dispose() stay harmless', async () => {
    const r = await page.evaluate(() => {
      const P = H.pairs.disposed;
      try {
        const sent = [P.ach.send('x'), P.bch.send(new ArrayBuffer(4))];
        P.ach.close(); P.a.close(); P.a.dispose(); P.b.dispose(); P.b.close(); P.bch.close();
        return { sent, states: [P.a.connectionState.value, P.b.connectionState.value, P.ach.state.value, P.bch.state.value] };
      } catch (e) { return `${e.name}: ${e.message}`; }
    });
    assert.deepEqual(r, { sent: [false, false], states: ['closed', 'closed', 'closed', 'closed'] });
  });
  await t.test('nothing of the two peers is left in wasm', async () => {
    assert.equal(await page.evaluate(() => kpeer.diagnostics.liveWebPeers()), 0);
  });
  await page.close();
});

test('a call that reaches wasm with an unknown peer handle is answered "disposed", not a crash', async (t) => {
  // js/ checks _disposed before calling wasm, so only a bug there reaches the adapter's own check;
  // point a live KPeer at a handle the adapter never issued to exercise it.
  const page = await ctx.page();
  await installHelpers(page);
  await page.evaluate(() => {
    H.pairs.unknown = { a: new kpeer.KPeer({ initiator: true, iceServers: [] }) };
    H.pairs.unknown.realHandle = H.pairs.unknown.a._wp;
    H.pairs.unknown.a._wp = 0x7ffffff0;
  });
  const cases = [
    { name: 'signal()', run: (P) => P.a.signal({ type: 'offer', sdp: H.OFFER_LIKE }) },
    { name: 'createChannel()', run: (P) => P.a.createChannel({ label: 'x' }) },
    { name: 'getStats()', run: (P) => P.a.getStats() },
    { name: 'restartIce()', mode: 'either', run: (P) => P.a.restartIce() },
  ].map((c) => ({ mode: 'reject', code: 'disposed', message: /disposed/, ...c }));
  for (const c of cases) await t.test(c.name, () => check(page, 'unknown', c));
  await t.test('the real handle still works and is released by dispose()', async () => {
    const r = await page.evaluate(() => {
      const P = H.pairs.unknown;
      P.a._wp = P.realHandle;
      P.a.dispose();
      return kpeer.diagnostics.liveWebPeers();
    });
    assert.equal(r, 0);
  });
  await page.close();
});

test('user callbacks that throw are reported as "callback-failed"; other subscribers still run; the peer keeps working', async (t) => {
  const page = await ctx.page();
  await installHelpers(page);
  // Throwing subscribers are attached before the pair connects, each next to a well-behaved one.
  await page.evaluate(async () => {
    window.cbWarnings = [];
    await H.newPair('cb', {}, { logger: { warn: (m) => window.cbWarnings.push(m) } });
    const P = H.pairs.cb;
    P.seen = { signalsA: 0, statesA: [], channelsB: [] };
    P.a.onSignal(() => { throw new Error('bug in onSignal'); });
    P.a.onSignal(() => { P.seen.signalsA++; });
    P.a.onConnectionState(() => { throw new Error('bug in onConnectionState'); });
    P.a.on('connectionstate', (s) => P.seen.statesA.push(s));
    P.b.onChannel(() => { throw new Error('bug in onChannel'); });
    P.b.on('channel', (ch) => P.seen.channelsB.push(ch.label));
  });
  await page.evaluate(() => H.connect('cb'));
  await page.evaluate(() => H.roundtrip(H.pairs.cb));

  const errorsOf = (side) => page.evaluate((side) => H.pairs.cb[side].map((e) => ({ ...H.describe(e), cause: e.cause?.message })), side);
  await t.test('peer callbacks: each failure reaches peer.on("error") as a KPeerError("callback-failed")', async () => {
    const a = await errorsOf('errorsA');
    const b = await errorsOf('errorsB');
    for (const [errors, what] of [[a, 'bug in onSignal'], [a, 'bug in onConnectionState'], [b, 'bug in onChannel']]) {
      const e = errors.find((x) => x.message.includes(what));
      assert.ok(e, `no error mentions '${what}': ${JSON.stringify(errors)}`);
      assert.equal(e.isKPeerError, true);
      assert.equal(e.code, 'callback-failed');
      assert.equal(e.cause, what, 'the error thrown by the callback is the cause');
    }
  });
  await t.test('peer callbacks: the other subscribers were still called', async () => {
    const seen = await page.evaluate(() => H.pairs.cb.seen);
    assert.ok(seen.signalsA >= 1, JSON.stringify(seen));
    assert.ok(seen.statesA.includes('connected'), JSON.stringify(seen));
    assert.ok(seen.channelsB.includes('main'), JSON.stringify(seen));
  });

  await t.test('channel callbacks: reported on channel.on("error"); other subscribers still get the message', async () => {
    const r = await page.evaluate(async () => {
      const P = H.pairs.cb;
      const errors = [];
      const got = [];
      const s0 = P.bch.on('error', (e) => errors.push(e));
      const s1 = P.bch.onText(() => { throw new Error('bug in onText'); });
      const s2 = P.bch.onText((t) => got.push(t));
      P.ach.send('to the channel callbacks');
      await H.within((async () => { while (!got.length) await H.sleep(10); })(), 5000, 'the good onText subscriber');
      await H.sleep(20);
      s0.cancel(); s1.cancel(); s2.cancel();
      return { got, errors: errors.map((e) => ({ ...H.describe(e), cause: e.cause?.message })) };
    });
    assert.deepEqual(r.got, ['to the channel callbacks']);
    assert.equal(r.errors.length, 1, JSON.stringify(r.errors));
    assert.equal(r.errors[0].code, 'callback-failed');
    assert.equal(r.errors[0].isKPeerError, true);
    assert.match(r.errors[0].message, /bug in onText/);
  });

  // docs/api.md: "Without a channel 'error' listener, such errors go to the logger as warnings."
  await t.test('channel callbacks with no channel "error" listener: a warning to the logger', async () => {
    const r = await page.evaluate(async () => {
      const P = H.pairs.cb;
      const before = window.cbWarnings.length;
      const got = [];
      const s1 = P.bch.onBytes(() => { throw new Error('bug in onBytes'); });
      const s2 = P.bch.onBytes((b) => got.push(b.length));
      P.ach.send(new Uint8Array(5));
      await H.within((async () => { while (!got.length) await H.sleep(10); })(), 5000, 'the good onBytes subscriber');
      await H.sleep(20);
      s1.cancel(); s2.cancel();
      return { got, warnings: window.cbWarnings.slice(before) };
    });
    assert.deepEqual(r.got, [5]);
    assert.ok(r.warnings.some((w) => /callback-failed/.test(w) && /bug in onBytes/.test(w)),
      `the logger got no warning about the onBytes callback: ${JSON.stringify(r.warnings)}`);
  });

  await t.test('an "error" listener that throws does not break anything', async () => {
    await page.evaluate(async () => {
      const P = H.pairs.cb;
      const s = P.b.on('error', () => { throw new Error('bug in the error listener'); });
      const s2 = P.b.onChannel(() => { throw new Error('another bug'); });
      await P.a.createChannel({ label: 'second' });
      await H.sleep(200);
      s.cancel(); s2.cancel();
    });
  });

  await t.test('the peer keeps working: new channel, messages both ways', async () => {
    await page.evaluate(() => H.roundtrip(H.pairs.cb));
    const r = await page.evaluate(async () => {
      const P = H.pairs.cb;
      const atB = new Promise((resolve) => P.b.onChannel((ch) => { if (ch.label === 'third') resolve(ch); }));
      const ch = await P.a.createChannel({ label: 'third' });
      const bch = await H.within(atB, 5000, 'third channel at b');
      await until(ch.state, (s) => s === 'open');
      const got = new Promise((resolve) => bch.onText(resolve));
      ch.send('still works');
      return H.within(got, 5000, 'message on the third channel');
    });
    assert.equal(r, 'still works');
    assert.deepEqual(page.errors.filter((e) => !/^Failed to load resource/.test(e)), []);
  });
  await page.evaluate(() => { H.pairs.cb.a.dispose(); H.pairs.cb.b.dispose(); });
  await page.close();
});
