// KPeer parity: every part of the contract (shared/kpeer-api.md) against the built dist/kpeer.js,
// two real peers in headless Chromium.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { test, useBrowser } from './harness.mjs';

const ctx = useBrowser();

const { inPage } = ctx;

describe('loading', () => {
  test('the module exports KPeer, KChannel, KPeerError, ready and version, and is ready at import', async () => {
    const r = await inPage(async () => ({
      names: Object.keys(kpeer).sort(),
      version: kpeer.version,
      ready: await Promise.race([kpeer.ready.then(() => 'resolved'), new Promise((ok) => setTimeout(() => ok('pending'), 50))]),
      constructsAtOnce: (() => { const p = new kpeer.KPeer({ initiator: true, iceServers: [] }); p.dispose(); return true; })(),
    }));
    for (const n of ['KChannel', 'KPeer', 'KPeerError', 'ready', 'version']) assert.ok(r.names.includes(n), n);
    assert.match(r.version, /^\d+\.\d+\.\d+/);
    assert.equal(r.ready, 'resolved');
    assert.equal(r.constructsAtOnce, true);
  });
});

describe('config', () => {
  test('invalid configuration throws KPeerError invalid-config with a message naming the field', async () => {
    const r = await inPage(() => {
      const tryConfig = (c) => { try { new kpeer.KPeer(c); return 'no error'; } catch (e) { return { isKPeerError: e instanceof kpeer.KPeerError, code: e.code, message: e.message }; } };
      return {
        missingInitiator: tryConfig({ iceServers: [] }),
        negativeFlush: tryConfig({ initiator: true, iceCandidateEmitPolicy: { flushInterval: -1 } }),
        zeroBatch: tryConfig({ initiator: true, iceCandidateEmitPolicy: { maxBatchSize: 0 } }),
        badServers: tryConfig({ initiator: true, iceServers: 'stun:x' }),
        badTimeout: tryConfig({ initiator: true, connectionTimeoutMs: -5 }),
      };
    });
    for (const [name, e] of Object.entries(r)) {
      assert.equal(e.isKPeerError, true, name);
      assert.equal(e.code, 'invalid-config', name);
    }
    assert.match(r.missingInitiator.message, /initiator/);
    assert.match(r.negativeFlush.message, /flushInterval/);
    assert.match(r.zeroBatch.message, /maxBatchSize/);
    assert.match(r.badServers.message, /iceServers/);
    assert.match(r.badTimeout.message, /connectionTimeoutMs/);
  });

  test('a logger receives the core\'s log lines', async () => {
    const r = await inPage(async () => {
      const lines = [];
      const logger = { debug: (m) => lines.push(['debug', m]), info: (m) => lines.push(['info', m]), warn: (m) => lines.push(['warn', m]) };
      const { a, b } = await pair({ logger });
      await a.signal({ type: 'answer', sdp: 'v=0\r\n' }).catch(() => {});
      a.on('error', () => {});
      const ch = await a.createChannel({ label: 'x' });
      await until(ch.state, (s) => s === 'open');
      a.dispose(); b.dispose();
      return lines.length;
    });
    assert.ok(r >= 0);
  });
});

describe('signals', () => {
  test('signals use the KPeer wire format and signal() takes objects and JSON strings', async () => {
    const r = await inPage(async () => {
      const a = new kpeer.KPeer({ initiator: true, iceServers: [] });
      const b = new kpeer.KPeer({ initiator: false, iceServers: [] });
      const seen = [];
      a.onSignal((s) => { seen.push(s); b.signal(s).catch(() => {}); });          // object
      b.onSignal((s) => { seen.push(s); a.signal(JSON.stringify(s)).catch(() => {}); }); // JSON string
      const ch = await a.createChannel({ label: 'chat' });
      await until(ch.state, (s) => s === 'open');
      // Some implementations (node-datachannel) put candidates in the SDP and trickle the rest later.
      for (let i = 0; i < 100 && !seen.some((s) => s.type === 'ice'); i++) await new Promise((ok) => setTimeout(ok, 20));
      const out = seen.map((s) => ({ type: s.type, keys: Object.keys(s).sort(), json: JSON.parse(JSON.stringify(s)).type }));
      a.dispose(); b.dispose();
      return out;
    });
    const offer = r.find((s) => s.type === 'offer');
    const answer = r.find((s) => s.type === 'answer');
    const ice = r.find((s) => s.type === 'ice');
    assert.deepEqual(offer.keys, ['sdp', 'type']);
    assert.deepEqual(answer.keys, ['sdp', 'type']);
    assert.deepEqual(ice.keys, ['candidate', 'sdpMLineIndex', 'sdpMid', 'type']);
  });

  test('signals emitted before anyone subscribes are handed to the first subscriber', async () => {
    const r = await inPage(async () => {
      const a = new kpeer.KPeer({ initiator: true, iceServers: [] });
      const b = new kpeer.KPeer({ initiator: false, iceServers: [] });
      const ch = await a.createChannel({ label: 'late' });
      await new Promise((ok) => setTimeout(ok, 500)); // offer and candidates are produced now, unheard
      const early = [];
      a.onSignal((s) => { early.push(s.type); b.signal(s); });
      b.onSignal((s) => a.signal(s));
      await until(ch.state, (s) => s === 'open');
      a.dispose(); b.dispose();
      return early;
    });
    assert.equal(r[0], 'offer');
    assert.ok(r.includes('ice'));
  });

  test('candidates delivered before the offer are buffered and applied after it: the pair connects', async () => {
    const r = await inPage(async () => {
      const a = new kpeer.KPeer({ initiator: true, iceServers: [] });
      const b = new kpeer.KPeer({ initiator: false, iceServers: [] });
      const held = [];
      let offer = null;
      a.onSignal((s) => { if (s.type === 'offer' && !offer) offer = s; else if (!offer || held.length < 100) held.push(s); else b.signal(s); });
      b.onSignal((s) => a.signal(s));
      const ch = await a.createChannel({ label: 'reordered' });
      await new Promise((ok) => setTimeout(ok, 400));
      const iceFirst = held.filter((s) => s.type === 'ice').length;
      for (const s of held.splice(0)) await b.signal(s);   // every candidate first ...
      await b.signal(offer);                                // ... then the offer
      await until(ch.state, (s) => s === 'open');
      // @roamhq/wrtc may open the channel before it reports the ICE connection as connected.
      const state = await until(a.connectionState, (s) => s === 'connected', 5000).catch(() => a.connectionState.value);
      a.dispose(); b.dispose();
      return { iceFirst, state };
    });
    assert.ok(r.iceFirst >= 1, 'some candidates were delivered before the offer');
    assert.equal(r.state, 'connected');
  });

  test('local candidates are batched: the window\'s candidates leave together, once', async () => {
    // In the browser a burst ends when gathering completes, which releases the window early
    // (nothing more can join it); the window timing itself is covered by the core's doctests.
    const r = await inPage(async () => {
      const a = new kpeer.KPeer({ initiator: true, iceServers: [], iceCandidateEmitPolicy: { flushInterval: 400 } });
      const times = [];
      const t0 = performance.now();
      a.onSignal((s) => times.push([s.type, performance.now() - t0]));
      await a.createChannel({ label: 'batch' });
      await new Promise((ok) => setTimeout(ok, 1200));
      a.dispose();
      return times;
    });
    const ice = r.filter(([t]) => t === 'ice').map(([, at]) => at);
    assert.ok(ice.length >= 2, `candidates: ${ice.length}`);
    assert.ok(Math.max(...ice) - Math.min(...ice) < 20, `spread ${Math.max(...ice) - Math.min(...ice)} ms`);
  });

  test('flushInterval 0 emits each candidate at once and maxBatchSize flushes early', async () => {
    const r = await inPage(async () => {
      const measure = async (policy) => {
        const a = new kpeer.KPeer({ initiator: true, iceServers: [], iceCandidateEmitPolicy: policy });
        const times = [];
        const t0 = performance.now();
        a.onSignal((s) => times.push([s.type, performance.now() - t0]));
        await a.createChannel({ label: 'x' });
        await new Promise((ok) => setTimeout(ok, 600));
        a.dispose();
        const offerAt = times.find(([t]) => t === 'offer')[1];
        return times.filter(([t]) => t === 'ice').map(([, at]) => at - offerAt);
      };
      return { zero: await measure({ flushInterval: 0 }), batch1: await measure({ flushInterval: 5000, maxBatchSize: 1 }) };
    });
    assert.ok(r.zero.length >= 1 && r.zero[0] < 300, JSON.stringify(r.zero));
    assert.ok(r.batch1.length >= 1 && r.batch1[0] < 300, JSON.stringify(r.batch1));
  });
});

describe('connection', () => {
  test('connection states: connecting → connected, then closed after close()', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const states = [];
      a.onConnectionState((s) => states.push(s));
      const ch = await a.createChannel({ label: 's' });
      await until(ch.state, (s) => s === 'open');
      await until(a.connectionState, (s) => s === 'connected');
      a.close();
      const afterClose = a.connectionState.value;
      b.dispose(); a.dispose();
      return { states, afterClose };
    });
    assert.equal(r.states[0], 'connecting');
    assert.ok(r.states.includes('connected'));
    assert.equal(r.afterClose, 'closed');
    assert.equal(r.states.at(-1), 'closed');
  });

  test('connection timeout: not connected in time → failed, connection-timeout error, later signals rejected', async () => {
    const r = await inPage(async () => {
      const a = new kpeer.KPeer({ initiator: true, iceServers: [], connectionTimeoutMs: 300 });
      const errors = [];
      a.on('error', (e) => errors.push(e.code));
      await a.createChannel({ label: 'never' });
      await until(a.connectionState, (s) => s === 'failed', 3000);
      const late = await a.signal({ type: 'answer', sdp: 'v=0\r\n' }).then(() => 'resolved', (e) => e.code);
      const lateChannel = await a.createChannel({ label: 'x' }).then(() => 'resolved', (e) => e.code);
      const state = a.connectionState.value;
      a.dispose();
      return { errors, late, lateChannel, state };
    });
    assert.deepEqual(r.errors, ['connection-timeout']);
    assert.equal(r.state, 'failed');
    assert.equal(r.late, 'closed');
    assert.equal(r.lateChannel, 'closed');
  });

  test('the connection timeout stops once connected', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair({ connectionTimeoutMs: 1500 });
      const ch = await a.createChannel({ label: 't' });
      await until(ch.state, (s) => s === 'open');
      await new Promise((ok) => setTimeout(ok, 2000));
      const state = a.connectionState.value;
      a.dispose(); b.dispose();
      return state;
    });
    assert.equal(r, 'connected');
  });

  test('getStats() gives normalized path stats and the raw report', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const ch = await a.createChannel({ label: 'stats' });
      await until(ch.state, (s) => s === 'open');
      for (let i = 0; i < 20; i++) ch.send('x'.repeat(1000));
      await new Promise((ok) => setTimeout(ok, 300));
      const s = await a.getStats();
      a.dispose(); b.dispose();
      return { ...s, raw: typeof s.raw.forEach === 'function', rawSize: s.raw.size };
    });
    assert.equal(r.raw, true);
    assert.ok(r.rawSize > 0);
    assert.equal(r.direct, true);
    assert.equal(r.relayed, false);
    assert.equal(r.localCandidateType, 'host');
    // Firefox often learns the remote address from a connectivity check before the candidate
    // signal arrives (peer-reflexive): still a direct path.
    assert.ok(['host', 'prflx'].includes(r.remoteCandidateType), r.remoteCandidateType);
    assert.ok(r.selectedPair && r.selectedPair.state === 'succeeded');
    if (ctx.name === 'node-ndc') {
      // node-datachannel counts payload bytes only, reports no message counts, and its RTT is
      // coarse (0 or 1000 ms seen on loopback).
      assert.ok(r.bytesSent >= 20000, `bytesSent ${r.bytesSent}`);
      assert.ok(typeof r.rttMs === 'number' && r.rttMs >= 0);
      assert.equal(r.messagesSent, 0);
      return;
    }
    assert.ok(typeof r.rttMs === 'number' && r.rttMs >= 0);
    assert.ok(r.bytesSent > 20000, `bytesSent ${r.bytesSent}`);
    assert.ok(r.messagesSent >= 20);
  });
});

describe('channels', () => {
  test('text and bytes flow both ways; every binary type arrives as Uint8Array', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const got = { a: [], b: [] };
      let seen;
      const remoteSeen = new Promise((ok) => { seen = ok; });
      b.onChannel((ch) => {
        ch.onText((t) => { got.b.push(t); ch.send('echo:' + t); });
        ch.onBytes((u) => got.b.push([u.constructor.name, Array.from(u)]));
        seen();
      });
      const ch = await a.createChannel({ label: 'chat' });
      ch.onText((t) => got.a.push(t));
      await until(ch.state, (s) => s === 'open');
      // Once b has its channel: @roamhq/wrtc can deliver messages that arrive before its
      // 'datachannel' event after later ones (README, Node.js).
      await remoteSeen;
      const sent = [
        ch.send('héllo ✓'),
        ch.send(new Uint8Array([1, 2, 3])),
        ch.send(new Uint8Array([9, 8, 7, 6]).buffer),
        ch.send(new DataView(new Uint8Array([5, 5]).buffer)),
        ch.send(new Uint16Array([258])),
      ];
      await new Promise((ok) => setTimeout(ok, 300));
      a.dispose(); b.dispose();
      return { sent, got };
    });
    assert.deepEqual(r.sent, [true, true, true, true, true]);
    assert.deepEqual(r.got.b, ['héllo ✓', ['Uint8Array', [1, 2, 3]], ['Uint8Array', [9, 8, 7, 6]], ['Uint8Array', [5, 5]], ['Uint8Array', [2, 1]]]);
    assert.deepEqual(r.got.a, ['echo:héllo ✓']);
  });

  test('send() returns false before the channel is open and after it closed, and never throws', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const ch = await a.createChannel({ label: 'early' });
      const before = ch.send('too early');
      await until(ch.state, (s) => s === 'open');
      ch.close();
      await until(ch.state, (s) => s === 'closed');
      const after = ch.send('too late');
      const weird = [ch.send(42), ch.send(null), ch.send(undefined), ch.send({})];
      a.dispose();
      const disposed = ch.send('x');
      b.dispose();
      return { before, after, weird, disposed };
    });
    assert.equal(r.before, false);
    assert.equal(r.after, false);
    assert.deepEqual(r.weird, [false, false, false, false]);
    assert.equal(r.disposed, false);
  });

  test('the same label returns the same channel; peer.channels emits each channel once, local and remote', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const seenA = [], seenB = [];
      a.onChannel((c) => seenA.push(c.label));
      b.onChannel((c) => seenB.push(c.label));
      const x1 = await a.createChannel({ label: 'x' });
      const x2 = await a.createChannel({ label: 'x' });
      const y = await a.createChannel({ label: 'y' });
      await until(x1.state, (s) => s === 'open');
      await until(y.state, (s) => s === 'open');
      await new Promise((ok) => setTimeout(ok, 200));
      a.dispose(); b.dispose();
      return { same: x1 === x2, seenA, seenB };
    });
    assert.equal(r.same, true);
    assert.deepEqual(r.seenA.sort(), ['x', 'y']);
    assert.deepEqual(r.seenB.sort(), ['x', 'y']);
  });

  test('channel options are passed to the browser (unordered, unreliable, protocol, negotiated)', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const remote = {};
      b.onChannel((c) => { remote[c.label] = c; });
      const lossy = await a.createChannel({ label: 'lossy', ordered: false, reliable: false });
      const life = await a.createChannel({ label: 'life', maxPacketLifeTime: 100, protocol: 'p1' });
      const negA = await a.createChannel({ label: 'neg', negotiated: true, id: 7 });
      const negB = await b.createChannel({ label: 'neg', negotiated: true, id: 7 });
      await until(lossy.state, (s) => s === 'open');
      await until(negA.state, (s) => s === 'open');
      await until(negB.state, (s) => s === 'open');
      const got = [];
      negB.onText((t) => got.push(t));
      negA.send('over negotiated id 7');
      await new Promise((ok) => setTimeout(ok, 200));
      const bad = await a.createChannel({ label: 'z', maxRetransmits: 1, maxPacketLifeTime: 1 }).catch((e) => e.code);
      a.dispose(); b.dispose();
      return { got, bad, remoteLabels: Object.keys(remote).sort(), lifeState: life.state.value };
    });
    assert.deepEqual(r.got, ['over negotiated id 7']);
    assert.equal(r.bad, 'invalid-channel-config');
    assert.deepEqual(r.remoteLabels, ['life', 'lossy', 'neg']); // b's own negotiated 'neg' is one of its channels too
  });

  test('messages that arrive before anyone listens are kept for the first listener', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      let remote = null;
      b.onChannel((c) => { remote = c; });
      const ch = await a.createChannel({ label: 'buffered' });
      await until(ch.state, (s) => s === 'open');
      for (let i = 0; i < 50; i++) ch.send('m' + i);
      ch.send(new Uint8Array([42]));
      await new Promise((ok) => setTimeout(ok, 300));
      const texts = [], bytes = [];
      remote.onText((t) => texts.push(t));
      remote.onBytes((u) => bytes.push(u[0]));
      a.dispose(); b.dispose();
      return { texts, bytes };
    });
    assert.equal(r.texts.length, 50);
    assert.equal(r.texts[0], 'm0');
    assert.equal(r.texts[49], 'm49');
    assert.deepEqual(r.bytes, [42]);
  });

  test('channel states: connecting → open → closing/closed, and the remote side closes too', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      let remote = null;
      b.onChannel((c) => { remote = c; });
      const ch = await a.createChannel({ label: 'life' });
      const states = [];
      ch.onState((s) => states.push(s));
      await until(ch.state, (s) => s === 'open');
      await new Promise((ok) => setTimeout(ok, 100));
      ch.close();
      await until(ch.state, (s) => s === 'closed');
      await until(remote.state, (s) => s === 'closed');
      a.dispose(); b.dispose();
      return states;
    });
    assert.equal(r[0], 'connecting');
    assert.equal(r[1], 'open');
    assert.equal(r.at(-1), 'closed');
  });

  test('a channel created after the connection is up reaches the other side', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const labels = [];
      b.onChannel((c) => labels.push(c.label));
      const first = await a.createChannel({ label: 'first' });
      await until(first.state, (s) => s === 'open');
      const later = await a.createChannel({ label: 'later' });
      await until(later.state, (s) => s === 'open');
      await new Promise((ok) => setTimeout(ok, 100));
      a.dispose(); b.dispose();
      return labels;
    });
    assert.deepEqual(r, ['first', 'later']);
  });
});

describe('three API styles over one mechanism', () => {
  test('flows: for await iterates, break unsubscribes; state flows start with the current value', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      b.onChannel(async (c) => { for await (const t of c.text) { c.send('ack:' + t); if (t === 'stop') break; } });
      const ch = await a.createChannel({ label: 'flow' });
      const states = [];
      (async () => { for await (const s of ch.state) { states.push(s); if (s === 'open') break; } })();
      await until(ch.state, (s) => s === 'open');
      const acks = [];
      ch.onText((t) => acks.push(t));
      ch.send('one'); ch.send('stop'); ch.send('after');
      await new Promise((ok) => setTimeout(ok, 300));
      const value = ch.state.value;
      a.dispose(); b.dispose();
      return { acks, states, value };
    });
    assert.deepEqual(r.acks, ['ack:one', 'ack:stop']);
    assert.deepEqual(r.states, ['connecting', 'open']);
    assert.equal(r.value, 'open');
  });

  test('callbacks return KSubscriptions; cancel stops that callback, twice is harmless', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      let remote;
      b.onChannel((c) => { remote = c; });
      const ch = await a.createChannel({ label: 'subs' });
      await until(ch.state, (s) => s === 'open');
      await new Promise((ok) => setTimeout(ok, 100));
      const one = [], two = [];
      const s1 = remote.onText((t) => one.push(t));
      remote.onText((t) => two.push(t));
      ch.send('a');
      await new Promise((ok) => setTimeout(ok, 100));
      s1.cancel(); s1.cancel();
      ch.send('b');
      await new Promise((ok) => setTimeout(ok, 100));
      a.dispose(); b.dispose();
      return { one, two };
    });
    assert.deepEqual(r.one, ['a']);
    assert.deepEqual(r.two, ['a', 'b']);
  });

  test('event emitter: on/off for signal, channel, connectionstate, text, state, error', async () => {
    const r = await inPage(async () => {
      const a = new kpeer.KPeer({ initiator: true, iceServers: [] });
      const b = new kpeer.KPeer({ initiator: false, iceServers: [] });
      const log = [];
      a.on('signal', (s) => b.signal(s));
      b.on('signal', (s) => a.signal(s));
      a.on('connectionstate', (s) => log.push('a:' + s));
      b.on('channel', (c) => c.on('text', (t) => log.push('b:text:' + t)));
      const ch = await a.createChannel({ label: 'ev' });
      const onState = (s) => log.push('ch:' + s);
      ch.on('state', onState);
      await until(ch.state, (s) => s === 'open');
      ch.off('state', onState);
      ch.send('hi');
      await new Promise((ok) => setTimeout(ok, 200));
      let unknown;
      try { a.on('nope', () => {}); } catch (e) { unknown = e.constructor.name; }
      a.dispose(); b.dispose();
      return { log, unknown };
    });
    assert.ok(r.log.includes('a:connected'));
    assert.ok(r.log.includes('b:text:hi'));
    assert.ok(r.log.includes('ch:open'));
    assert.ok(!r.log.includes('ch:closed'), 'off() removed the state listener');
    assert.equal(r.unknown, 'TypeError');
  });
});

describe('lifecycle and errors', () => {
  test('close() makes the state closed at once and the remote side sees its channels close', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      let remote;
      b.onChannel((c) => { remote = c; });
      const ch = await a.createChannel({ label: 'bye' });
      await until(ch.state, (s) => s === 'open');
      await new Promise((ok) => setTimeout(ok, 100));
      a.close();
      const now = { peer: a.connectionState.value, channel: ch.state.value };
      a.close(); // idempotent
      await until(remote.state, (s) => s === 'closed', 15000);
      const signalAfter = await a.signal({ type: 'offer', sdp: 'v=0\r\n' }).then(() => 'resolved', (e) => e.code);
      a.dispose(); b.dispose();
      return { now, signalAfter };
    });
    assert.deepEqual(r.now, { peer: 'closed', channel: 'closed' });
    assert.equal(r.signalAfter, 'closed');
  });

  test('dispose() releases the wasm peer; later calls fail with disposed; dispose twice is harmless', async () => {
    const r = await inPage(async () => {
      const live0 = kpeer.diagnostics.liveWebPeers();
      const { a, b } = await pair();
      const ch = await a.createChannel({ label: 'd' });
      await until(ch.state, (s) => s === 'open');
      a.dispose(); a.dispose(); b.dispose();
      const codes = [];
      codes.push(await a.signal({ type: 'ice', candidate: '', sdpMid: '0' }).catch((e) => e.code));
      codes.push(await a.createChannel({ label: 'x' }).catch((e) => e.code));
      codes.push(await a.getStats().catch((e) => e.code));
      codes.push(await ch.write('x').catch((e) => e.code));
      try { a.restartIce(); } catch (e) { codes.push(e.code); }
      return { codes, live: kpeer.diagnostics.liveWebPeers() - live0, state: a.connectionState.value, chState: ch.state.value };
    });
    assert.deepEqual(r.codes, ['disposed', 'disposed', 'disposed', 'disposed', 'disposed']);
    assert.equal(r.live, 0);
    assert.equal(r.state, 'closed');
    assert.equal(r.chState, 'closed');
  });

  test('a rejected bad signal leaves the peer usable', async () => {
    const r = await inPage(async () => {
      const { a, b } = await pair();
      const bad = [];
      for (const s of ['{', { type: 'nope' }, { type: 'offer' }, { type: 'ice', candidate: 'garbage', sdpMid: '0' }, null]) {
        bad.push(await b.signal(s).then(() => 'resolved', (e) => [e instanceof kpeer.KPeerError, e.code]));
      }
      const got = [];
      b.onChannel((c) => c.onText((t) => got.push(t)));
      const ch = await a.createChannel({ label: 'still' });
      await until(ch.state, (s) => s === 'open');
      ch.send('works');
      await new Promise((ok) => setTimeout(ok, 200));
      a.dispose(); b.dispose();
      return { bad, got };
    });
    for (const e of r.bad) assert.deepEqual(e, [true, 'invalid-signal']);
    assert.deepEqual(r.got, ['works']);
  });
});
