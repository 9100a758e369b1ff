// kpeer in Node.js, run once per implementation (KPEER_RUNTIME=node-wrtc | node-ndc, by
// tests/node/run.mjs): the package's "node" export, injection and its errors, bad input with the
// browser's codes and messages, write() streams, and kpeer ↔ a raw peer of the same implementation.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { RUNTIME, loadImplementation } from './runtime.mjs';

let kpeer;
let wrtc;
const peers = [];
const track = (...ps) => { peers.push(...ps); return ps; };

before(async () => {
  kpeer = await import('kpeer');
  wrtc = await loadImplementation(RUNTIME);
});
after(async () => {
  for (const p of peers) p.dispose();
  await new Promise((ok) => setTimeout(ok, 500));
  if (RUNTIME === 'node-ndc') (await import('node-datachannel')).cleanup();
});

const until = (flow, predicate, ms = 10000) => new Promise((resolve, reject) => {
  const t = setTimeout(() => { sub.cancel(); reject(new Error('timeout; last value: ' + JSON.stringify(flow.value))); }, ms);
  const sub = flow.subscribe((v) => { if (predicate(v)) { clearTimeout(t); queueMicrotask(() => sub.cancel()); resolve(v); } });
});

function pair(optsA = {}, optsB = {}) {
  const [a, b] = track(new kpeer.KPeer({ initiator: true, iceServers: [], wrtc, ...optsA }),
    new kpeer.KPeer({ initiator: false, iceServers: [], wrtc, ...optsB }));
  a.onSignal((s) => b.signal(s).catch(() => {}));
  b.onSignal((s) => a.signal(s).catch(() => {}));
  return { a, b };
}

describe('the package in Node', () => {
  test("import 'kpeer' resolves to the Node entry, which loads the same kpeer.wasm from disk", async () => {
    const url = import.meta.resolve('kpeer');
    assert.match(url, /\/dist\/kpeer\.node\.js$/);
    assert.equal(typeof kpeer.KPeer, 'function');
    assert.equal(typeof kpeer.version, 'string');
  });

  test('a missing or damaged kpeer.wasm: the import rejects with an error naming it (it never hangs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpeer-wasm-'));
    try {
      const entry = fileURLToPath(import.meta.resolve('kpeer'));
      copyFileSync(entry, join(dir, 'kpeer.node.js'));
      await assert.rejects(import(pathToFileURL(join(dir, 'kpeer.node.js')).href + '?missing'), /kpeer\.wasm/);
      writeFileSync(join(dir, 'kpeer.wasm'), Buffer.from('\0asm not really'));
      await assert.rejects(import(pathToFileURL(join(dir, 'kpeer.node.js')).href + '?damaged'),
                           /kpeer\.wasm is not a valid WebAssembly module/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without config.wrtc and without a global RTCPeerConnection: invalid-config saying what to pass', () => {
    assert.equal(globalThis.RTCPeerConnection, undefined);
    assert.throws(() => new kpeer.KPeer({ initiator: true }), (e) => {
      assert.equal(e.name, 'KPeerError');
      assert.equal(e.code, 'invalid-config');
      assert.match(e.message, /no WebRTC implementation.*config\.wrtc/);
      return true;
    });
  });

  for (const [what, bad] of [['a number', 5], ['a string', 'wrtc'], ['an object without RTCPeerConnection', {}],
    ['RTCPeerConnection that is not a function', { RTCPeerConnection: 'x' }], ['null', null]]) {
    test(`config.wrtc as ${what}: invalid-config`, () => {
      if (bad === null) {
        // null is "not given": without a global it is the no-implementation error.
        assert.throws(() => new kpeer.KPeer({ initiator: true, wrtc: null }), /no WebRTC implementation/);
        return;
      }
      assert.throws(() => new kpeer.KPeer({ initiator: true, wrtc: bad }), (e) => {
        assert.equal(e.code, 'invalid-config');
        assert.match(e.message, /config\.wrtc must be a WebRTC implementation with an RTCPeerConnection constructor/);
        return true;
      });
    });
  }

  test('a constructor that throws: invalid-config with its message, and nothing is left behind', () => {
    const live = kpeer.diagnostics.liveWebPeers();
    const broken = { RTCPeerConnection: class { constructor() { throw new Error('no network stack'); } } };
    assert.throws(() => new kpeer.KPeer({ initiator: true, wrtc: broken }), (e) => {
      assert.equal(e.code, 'invalid-config');
      assert.match(e.message, /refused the configuration: no network stack/);
      return true;
    });
    assert.equal(kpeer.diagnostics.liveWebPeers(), live);
  });
});

describe(`two kpeer peers over ${RUNTIME}`, () => {
  test('the shared bad-signal table: the same code and message as in the browser and the native build', async (t) => {
    const table = JSON.parse(readFileSync(new URL('../shared/bad-signals.json', import.meta.url), 'utf8'));
    const { a, b } = pair();
    for (const c of table.cases) {
      const inputs = 'text' in c ? [c.text] : [c.value, JSON.stringify(c.value)];
      for (const input of inputs) {
        await b.signal(input).then(() => assert.fail(`${c.name}: resolved`), (e) => {
          assert.equal(e.code, c.code, c.name);
          assert.equal(e.message, c.message, c.name);
        });
      }
    }
    t.diagnostic(`${table.cases.length} cases`);
    // Nothing was lost: the pair still connects and carries a message.
    const ch = await a.createChannel({ label: 'after' });
    const got = new Promise((ok) => b.onChannel((c) => c.onText(ok)));
    await until(ch.state, (s) => s === 'open');
    ch.send('still here');
    assert.equal(await got, 'still here');
  });

  test('16 MiB through write() in 64 KiB messages arrives complete and in order (write() never stalls)', async () => {
    const { a, b } = pair();
    const ch = await a.createChannel({ label: 'bulk' });
    let count = 0;
    let inOrder = true;
    let seen;
    const remoteSeen = new Promise((ok) => { seen = ok; });
    const done = new Promise((ok) => b.onChannel((c) => (seen(), c.onBytes((u) => {
      if (u[0] !== count % 251 || u.length !== 65536) inOrder = false;
      if (++count === 256) ok();
    }))));
    await until(ch.state, (s) => s === 'open');
    // Once b has its channel: @roamhq/wrtc can deliver messages that arrive before its
    // 'datachannel' event after later ones (README, Node.js).
    await remoteSeen;
    for (let i = 0; i < 256; i++) await ch.write(new Uint8Array(65536).fill(i % 251));
    await done;
    assert.equal(inOrder, true);
  });

  test('restartIce(): a new ICE generation, or a clear error where the implementation has none', async () => {
    const { a, b } = pair();
    const errors = [];
    a.on('error', (e) => errors.push(e));
    const ch = await a.createChannel({ label: 'r' });
    const got = [];
    b.onChannel((c) => c.onText((t) => got.push(t)));
    await until(ch.state, (s) => s === 'open');
    a.restartIce();
    await new Promise((ok) => setTimeout(ok, 1500));
    ch.send('after restart');
    await new Promise((ok) => setTimeout(ok, 300));
    assert.deepEqual(got, ['after restart']);
    assert.equal(a.connectionState.value, 'connected');
    if (RUNTIME === 'node-ndc') {
      assert.equal(errors.length, 1);
      assert.equal(errors[0].code, 'negotiation-failed');
      assert.match(errors[0].message, /cannot restart ICE: Not implemented/);
    } else {
      assert.deepEqual(errors, []);
    }
  });
});

describe(`kpeer ↔ a raw ${RUNTIME} RTCPeerConnection`, () => {
  for (const kpeerOffers of [true, false]) {
    test(`${kpeerOffers ? 'kpeer' : 'the raw peer'} offers; text and bytes both ways`, async () => {
      const [peer] = track(new kpeer.KPeer({ initiator: kpeerOffers, iceServers: [], wrtc }));
      const raw = new wrtc.RTCPeerConnection({ iceServers: [] });
      try {
        const rawGot = [];
        let rawChannel;
        const rawOpen = new Promise((ok) => {
          const attach = (dc) => {
            rawChannel = dc;
            dc.binaryType = 'arraybuffer';
            dc.onmessage = (e) => rawGot.push(typeof e.data === 'string' ? e.data : Array.from(new Uint8Array(e.data)));
            if (dc.readyState === 'open') ok(); else dc.onopen = () => ok();
          };
          raw.ondatachannel = (e) => attach(e.channel);
          if (!kpeerOffers) attach(raw.createDataChannel('main'));
        });
        // The raw side speaks KPeerSignal by hand: {type, sdp} and {type:'ice', candidate, sdpMid, sdpMLineIndex}.
        raw.onicecandidate = (e) => {
          if (e.candidate && e.candidate.candidate) {
            peer.signal({ type: 'ice', candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex }).catch(() => {});
          }
        };
        const rawDescribe = async (type) => {
          const d = type === 'offer' ? await raw.createOffer() : await raw.createAnswer();
          await raw.setLocalDescription(d);
          const local = raw.localDescription || d;
          await peer.signal({ type: local.type, sdp: local.sdp });
        };
        peer.onSignal(async (s) => {
          if (s.type === 'ice') await raw.addIceCandidate({ candidate: s.candidate, sdpMid: s.sdpMid, sdpMLineIndex: s.sdpMLineIndex }).catch(() => {});
          else {
            await raw.setRemoteDescription({ type: s.type, sdp: s.sdp });
            if (s.type === 'offer') await rawDescribe('answer');
          }
        });
        const kpeerGot = [];
        peer.onChannel((c) => { c.onText((t) => kpeerGot.push(t)); c.onBytes((u) => kpeerGot.push(Array.from(u))); });
        let ch;
        if (kpeerOffers) ch = await peer.createChannel({ label: 'main' });
        else {
          await rawDescribe('offer');
          ch = await new Promise((ok) => peer.onChannel(ok));
        }
        await until(ch.state, (s) => s === 'open');
        await rawOpen;
        ch.send('from kpeer');
        ch.send(new Uint8Array([1, 2, 3]));
        rawChannel.send('from raw');
        rawChannel.send(new Uint8Array([4, 5]));
        for (let i = 0; i < 100 && (rawGot.length < 2 || kpeerGot.length < 2); i++) await new Promise((ok) => setTimeout(ok, 20));
        assert.deepEqual(rawGot, ['from kpeer', [1, 2, 3]]);
        assert.deepEqual(kpeerGot, ['from raw', [4, 5]]);
        assert.equal(peer.connectionState.value, 'connected');
      } finally {
        raw.close();
      }
    });
  }
});
