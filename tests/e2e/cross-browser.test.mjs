// Chromium ↔ Firefox: one page in each browser, each with one KPeer; signals are relayed through
// this script, in order per direction (as over a signaling server). Each browser takes each role.
// Covers the two cross-browser bugs: a Chromium peer's restartIce() against a Firefox initiator
// (Firefox answers with the wrong DTLS role), and maxMessageSize on a side with only remote channels.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launchChromium, launchFirefox } from './browser.mjs';
import { ROOT } from './harness.mjs';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { startRelay } from '../../scripts/relay.mjs';

let server;
const browsers = {};

before(async () => {
  server = await startStaticServer({ root: ROOT });
  [browsers.chromium, browsers.firefox] = await Promise.all([launchChromium(), launchFirefox()]);
});
after(async () => {
  await Promise.all(Object.values(browsers).map((b) => b?.close()));
  await server?.close();
});

async function openPage(kind) {
  const page = await browsers[kind].newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(server.url + '/tests/e2e/pages/blank.html');
  if (kind === 'firefox') await page.waitForFunction(() => window.kpeer !== undefined, { timeout: 20000 });
  else await page.waitForFunction(() => window.kpeer !== undefined, null, { timeout: 20000 });
  return page;
}

// Two pages, `initiator` names the browser whose peer makes the first offer and the channel 'main'
// (glare: both sides create a channel at once instead, before anything was negotiated).
async function crossPair(initiator, { glare = false, config = {} } = {}) {
  const pages = { chromium: await openPage('chromium'), firefox: await openPage('firefox') };
  const other = { chromium: 'firefox', firefox: 'chromium' };
  const signals = [];  // [from, signal] in relay order, for the restart test's diagnosis
  for (const kind of ['chromium', 'firefox']) {
    const to = pages[other[kind]];
    let queue = Promise.resolve();
    await pages[kind].exposeFunction('relaySignal', (json) => {
      signals.push([kind, JSON.parse(json)]);
      // After close() the other page may be gone: late signals are dropped, as by a server.
      queue = queue.then(() => to.evaluate((s) => window.peer.signal(s).catch((e) => window.rejections.push([e.code, e.message])), json))
        .catch(() => {});
    });
  }
  for (const kind of ['chromium', 'firefox']) {
    await pages[kind].evaluate(([isInitiator, config]) => {
      window.rejections = [];
      window.warnings = [];
      window.infos = [];
      window.got = [];
      window.channels = {};
      const logger = { debug() {}, info: (m) => window.infos.push(m), warn: (m) => window.warnings.push(m) };
      window.peer = new kpeer.KPeer({ initiator: isInitiator, iceServers: [], logger, ...config });
      peer.onSignal((s) => window.relaySignal(JSON.stringify(s)));
      peer.onChannel((c) => {
        window.channels[c.label] = c;
        c.onText((t) => window.got.push([c.label, 'text', t]));
        c.onBytes((b) => window.got.push([c.label, 'bytes', b.length, b[0], b[b.length - 1]]));
      });
    }, [kind === initiator, config]);
  }
  const labels = glare ? ['from-chromium', 'from-firefox'] : ['main'];
  if (glare) await Promise.all(['chromium', 'firefox'].map((k) => pages[k].evaluate((l) => { peer.createChannel({ label: l }); }, 'from-' + k)));
  else await pages[initiator].evaluate(() => peer.createChannel({ label: 'main' }));
  await Promise.all(Object.values(pages).map((p) => p.evaluate(() => until(peer.connectionState, (s) => s === 'connected', 15000))));
  await Promise.all(Object.values(pages).map((p) => p.evaluate(async (labels) => {
    for (const label of labels) {
      const t0 = performance.now();
      while (!window.channels[label] && performance.now() - t0 < 10000) await new Promise((ok) => setTimeout(ok, 20));
      await until(window.channels[label].state, (s) => s === 'open', 10000);
    }
  }, labels)));
  const close = async () => {
    for (const p of Object.values(pages)) await p.evaluate(() => window.peer.dispose()).catch(() => {});
    await Promise.all(Object.values(pages).map((p) => p.close()));
  };
  return { pages, close, signals };
}

// The browsers' own loss after an ICE restart between them (see the restart test): Chromium's selected
// pair leads to a Firefox candidate of an ICE generation Firefox has left (its candidates name their
// ufrag: kpeer adds it). Returns that candidate, or undefined.
function staleFirefoxCandidate(signals, pair) {
  const ufragOf = (text) => text.match(/(?:^|\s)ufrag (\S+)/)?.[1] ?? text.match(/a=ice-ufrag:(\S+)/)?.[1];
  const fromFirefox = signals.filter(([from]) => from === 'firefox').map(([, s]) => s);
  const current = ufragOf(fromFirefox.filter((s) => s.sdp).at(-1)?.sdp ?? '');
  const remote = pair?.remote;
  if (!current || !remote?.address) return undefined;
  return fromFirefox.find((s) => s.type === 'ice' && ufragOf(s.candidate) !== current &&
                                 s.candidate.split(' ')[4] === remote.address && Number(s.candidate.split(' ')[5]) === remote.port)?.candidate;
}

// The Firefox under test and every process below it (content, socket, utility: ICE answers from
// the socket process, so freezing only the page's content process leaves the connection up).
// Read from /proc (no procps on a minimal Debian).
function firefoxProcesses() {
  const rows = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid ...": comm may hold spaces, so split after its ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      rows.push([Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])]);
    } catch { /* ended meanwhile */ }
  }
  const pids = [browsers.firefox.process().pid];
  for (let i = 0; i < pids.length; i++) for (const [pid, ppid] of rows) if (ppid === pids[i]) pids.push(pid);
  return pids;
}

const waitForGot = (page, n) => page.evaluate(async (n) => {
  const t0 = performance.now();
  while (window.got.length < n && performance.now() - t0 < 10000) await new Promise((ok) => setTimeout(ok, 20));
  return window.got;
}, n);

// After a restart: Chromium's stale pair if it has one (staleFirefoxCandidate), then one message
// each way, each waited for up to 10 s: [chromium→firefox delivered, firefox→chromium delivered].
async function sendAfterRestart(pages, signals) {
  const stale = staleFirefoxCandidate(signals, await pages.chromium.evaluate(async () => (await peer.getStats()).selectedPair));
  const delivered = [];
  for (const [from, to] of [['chromium', 'firefox'], ['firefox', 'chromium']]) {
    await pages[from].evaluate(() => window.channels.main.send('after restart'));
    const got = await waitForGot(pages[to], 1);
    delivered.push(got.length === 1 && got[0][2] === 'after restart');
  }
  return { stale, delivered };
}

// The same restart between raw RTCPeerConnections (trickle ICE, perfect-negotiation-free: only
// the initiator and the restarter offer): [chromium→firefox delivered, firefox→chromium delivered].
async function rawRestartDelivers(initiator, restarter) {
  const pages = { chromium: await openPage('chromium'), firefox: await openPage('firefox') };
  const other = { chromium: 'firefox', firefox: 'chromium' };
  try {
    for (const kind of ['chromium', 'firefox']) {
      const to = pages[other[kind]];
      let queue = Promise.resolve();
      await pages[kind].exposeFunction('relayRaw', (json) => {
        queue = queue.then(() => to.evaluate((m) => window.onRemote(JSON.parse(m)), json)).catch(() => {});
      });
    }
    // The answering side first, so the offer finds its handler.
    for (const kind of [other[initiator], initiator]) {
      await pages[kind].evaluate((isInitiator) => {
        const pc = window.pc = new RTCPeerConnection({ iceServers: [] });
        window.got = [];
        const attach = (dc) => { window.dc = dc; dc.onmessage = (e) => window.got.push(e.data); };
        pc.onicecandidate = (e) => window.relayRaw(JSON.stringify({ c: e.candidate }));
        pc.onnegotiationneeded = async () => { await pc.setLocalDescription(); window.relayRaw(JSON.stringify({ d: pc.localDescription })); };
        pc.ondatachannel = (e) => attach(e.channel);
        window.onRemote = async (m) => {
          if (m.d) {
            // What kpeer does with a renegotiation's answer that claims the other DTLS role (Firefox
            // answers Chromium's restart offer with a=setup:active where it was passive): keep the
            // roles negotiated first. Without it raw Chromium refuses the answer and never restarts,
            // and a control that did not restart says nothing about messages after a restart.
            const prev = m.d.type === 'answer' && pc.currentRemoteDescription && pc.currentRemoteDescription.sdp.match(/a=setup:(\w+)/);
            if (prev) m.d = { type: 'answer', sdp: m.d.sdp.replace(/a=setup:\w+/g, 'a=setup:' + prev[1]) };
            await pc.setRemoteDescription(m.d);
            if (m.d.type === 'offer') { await pc.setLocalDescription(); window.relayRaw(JSON.stringify({ d: pc.localDescription })); }
          } else if (m.c) await pc.addIceCandidate(m.c).catch(() => {});
        };
        if (isInitiator) attach(pc.createDataChannel('main'));
      }, kind === initiator);
    }
    for (const p of Object.values(pages)) {
      await p.evaluate(async () => { const t0 = performance.now(); while ((!window.dc || window.dc.readyState !== 'open') && performance.now() - t0 < 10000) await new Promise((ok) => setTimeout(ok, 20)); });
    }
    await pages[restarter].evaluate(() => window.pc.restartIce());
    await new Promise((ok) => setTimeout(ok, 2500));
    // The same sequence and waits as the kpeer test: each direction waits up to 10 s for its message
    // before the other direction sends (the browsers' loss can end the association ~11 s after the
    // restart, so a control that sends sooner does not compare).
    const out = [];
    for (const [from, to] of [['chromium', 'firefox'], ['firefox', 'chromium']]) {
      await pages[from].evaluate(() => window.dc.send('after restart'));
      out.push(await pages[to].evaluate(async () => {
        const t0 = performance.now();
        while (!window.got.includes('after restart') && performance.now() - t0 < 10000) await new Promise((ok) => setTimeout(ok, 20));
        return window.got.includes('after restart');
      }));
    }
    return out;
  } finally {
    for (const p of Object.values(pages)) await p.evaluate(() => window.pc?.close()).catch(() => {});
    await Promise.all(Object.values(pages).map((p) => p.close()));
  }
}

for (const initiator of ['chromium', 'firefox']) {
  describe(`${initiator} initiates`, () => {
    test('connect; text, bytes and a 100 000-byte message both ways; maxMessageSize is the smaller of both sides', async () => {
      const { pages, close } = await crossPair(initiator);
      try {
        for (const [from, to] of [['chromium', 'firefox'], ['firefox', 'chromium']]) {
          await pages[from].evaluate(() => {
            const ch = window.channels.main;
            ch.send('hello from ' + navigator.userAgent.match(/Firefox|Chrome/)[0]);
            ch.send(new Uint8Array([1, 2, 3]));
            const big = new Uint8Array(100000).fill(7);
            big[0] = 9;
            window.bigSent = ch.send(big);
          });
          const got = await waitForGot(pages[to], 3);
          assert.equal(await pages[from].evaluate(() => window.bigSent), true, `${from} could not send 100 000 bytes`);
          assert.equal(got.length, 3, JSON.stringify(got));
          assert.match(got[0][2], /^hello from (Firefox|Chrome)$/);
          assert.deepEqual(got[1], ['main', 'bytes', 3, 1, 3]);
          assert.deepEqual(got[2], ['main', 'bytes', 100000, 9, 7]);
          await pages[to].evaluate(() => { window.got = []; });
        }
        const max = await Promise.all(['chromium', 'firefox'].map((k) => pages[k].evaluate(() => peer.maxMessageSize)));
        assert.deepEqual(max, [262144, 262144], 'Chromium allows 262144, Firefox 1073741823: both use the smaller');
        for (const p of Object.values(pages)) assert.deepEqual(await p.evaluate(() => window.rejections), []);
      } finally {
        await close();
      }
    });

    test('write() streams and a chunked 3 MiB message both ways; channels opened from the other side', async () => {
      const { pages, close } = await crossPair(initiator);
      try {
        const responder = initiator === 'chromium' ? 'firefox' : 'chromium';
        await pages[responder].evaluate(() => peer.createChannel({ label: 'files', chunked: true }));
        for (const p of Object.values(pages)) {
          await p.evaluate(async () => {
            const t0 = performance.now();
            while (!window.channels.files && performance.now() - t0 < 10000) await new Promise((ok) => setTimeout(ok, 20));
            await until(window.channels.files.state, (s) => s === 'open', 10000);
          });
        }
        for (const [from, to] of [['chromium', 'firefox'], ['firefox', 'chromium']]) {
          await pages[from].evaluate(async () => {
            for (let i = 0; i < 64; i++) await window.channels.main.write(new Uint8Array(16384).fill(i));
            const big = new Uint8Array(3 * 1024 * 1024).fill(5);
            big[big.length - 1] = 6;
            await window.channels.files.write(big);
          });
          const got = await waitForGot(pages[to], 65);
          const main = got.filter((g) => g[0] === 'main');
          assert.equal(main.length, 64);
          assert.ok(main.every((g, i) => g[2] === 16384 && g[3] === i), 'in order, complete');
          assert.deepEqual(got.find((g) => g[0] === 'files'), ['files', 'bytes', 3 * 1024 * 1024, 5, 6]);
          await pages[to].evaluate(() => { window.got = []; });
        }
      } finally {
        await close();
      }
    });

    for (const restarter of ['chromium', 'firefox']) {
      test(`restartIce() from ${restarter}: the connection stays, messages flow both ways, getStats shows a succeeded pair`, async (t) => {
        const { pages, close, signals } = await crossPair(initiator);
        let delivered, stale;
        try {
          await pages[restarter].evaluate(() => peer.restartIce());
          await new Promise((ok) => setTimeout(ok, 2500));
          ({ stale, delivered } = await sendAfterRestart(pages, signals));
          const sides = {};
          for (const kind of ['chromium', 'firefox']) {
            sides[kind] = await pages[kind].evaluate(async () => ({
              state: peer.connectionState.value, rejections: window.rejections, pair: (await peer.getStats()).selectedPair?.state,
              warnings: window.warnings, infos: window.infos,
            }));
          }
          for (const kind of ['chromium', 'firefox']) {
            assert.equal(sides[kind].state, 'connected', kind);
            assert.deepEqual(sides[kind].rejections, [], `${kind}: no signal was refused`);
          }
          if (initiator === 'firefox' && restarter === 'chromium') {
            assert.ok(sides.chromium.warnings.some((w) => /DTLS role/.test(w)), 'the corrected answer is logged');
          }
          // Toward Firefox, Chromium's kpeer sends its restart offer first and sets it with the answer
          // (src/core/Negotiator.cpp, defersRestartOffer); Firefox's kpeer uses pc.restartIce().
          assert.equal(sides.chromium.infos.some((m) => /ICE restart toward Firefox/.test(m)), restarter === 'chromium',
                       'the deferred restart offer is used by Chromium only');
          if (delivered.every(Boolean)) {
            for (const kind of ['chromium', 'firefox']) assert.equal(sides[kind].pair, 'succeeded', kind);
            return;
          }
        } finally {
          await close();
        }
        // Messages were lost after the restart. kpeer must do no worse than the browsers themselves:
        // the same restart between raw RTCPeerConnections is the control (with a Firefox initiator
        // it keeps the DTLS roles in the answer, as kpeer does).
        // Known, in raw pairs too: Chromium pairs its new-generation local candidates with Firefox's
        // previous-generation candidates (before the answer when Chromium restarts; when it answers
        // Firefox's restart, whichever pair is checked first), Firefox's previous ICE stream answers
        // those checks, and Chromium nominates that pair and prunes the pairs to Firefox's new
        // candidates. Firefox's new ICE generation is never nominated ('checking'; as the first
        // offerer it fails after ~11 s, and DTLS and SCTP with it), and it drops what Chromium sends
        // on that pair: Chromium → Firefox is lost for good, Firefox → Chromium until the failure.
        // kpeer's Chromium side therefore sets its restart offer only together with Firefox's answer,
        // which leaves Chromium no time to pair with the old generation (raw pages: 5 of 6 restarts
        // delivered that way vs 0 of 6 with pc.restartIce()); the pair can still go stale in the rare
        // runs where Chromium checks an old remote candidate first, as when it answers a restart.
        // That pair is seen directly (Chromium's selected remote candidate is one Firefox trickled
        // before its last description); other losses go to the raw control. The browsers' loss is
        // itself intermittent: up to three raw runs, each must be able to show the loss in every
        // direction kpeer lost.
        if (stale && !delivered[0]) {
          t.diagnostic(`known browser limitation: after a restartIce() from ${restarter} (${initiator} initiated), Chromium's ` +
                       `selected pair leads to Firefox's previous ICE generation (${stale}); kpeer: ${delivered}`);
          t.skip('the browsers themselves lose messages after this restart (Chromium kept a pair to Firefox\'s old ICE generation)');
          return;
        }
        for (let run = 1; run <= 3; run++) {
          const raw = await rawRestartDelivers(initiator, restarter);
          if (delivered.every((ok, i) => ok || !raw[i])) {
            t.diagnostic(`known browser limitation: after a restartIce() from ${restarter} (${initiator} initiated), raw ` +
                         `RTCPeerConnections lose messages too (raw run ${run}: chromium→firefox ${raw[0]}, ` +
                         `firefox→chromium ${raw[1]}); kpeer: ${delivered}`);
            t.skip('the browsers themselves lose messages after this restart (raw control)');
            return;
          }
        }
        assert.fail(`kpeer lost messages after the restart (chromium→firefox ${delivered[0]}, firefox→chromium ${delivered[1]}) where raw RTCPeerConnections did not`);
      });
    }

    // Firefox frozen (SIGSTOP) stops answering ICE checks: Chromium reports 'disconnected' ~6 s
    // later and its kpeer restarts ICE by itself; the offer waits in the relay until Firefox
    // resumes and answers. (A frozen Chromium is not the mirror image: Firefox did not report
    // 'disconnected' within 9 s, so its automatic restart cannot be reached this way.)
    test('automatic ICE restart: Firefox freezes for a while, Chromium restarts ICE by itself, the connection comes back', async (t) => {
      const { pages, close, signals } = await crossPair(initiator, { config: { iceRestart: { disconnectedGraceMs: 1000 }, disconnectTimeoutMs: 30000 } });
      let delivered, stale;
      try {
        const offersBefore = signals.filter(([from, s]) => from === 'chromium' && s.type === 'offer').length;
        const ufrag = (sdp) => sdp.match(/a=ice-ufrag:(\S+)/)[1];
        const ufragBefore = ufrag(signals.filter(([from, s]) => from === 'chromium' && s.sdp).at(-1)[1].sdp);
        // A process that ended since it was listed is skipped; every one stopped is resumed, whatever happens.
        const frozen = [];
        let restarted;
        try {
          for (const pid of firefoxProcesses()) {
            try { process.kill(pid, 'SIGSTOP'); frozen.push(pid); } catch (e) { if (e.code !== 'ESRCH') throw e; }
          }
          restarted = await pages.chromium.evaluate(async () => {
            const t0 = performance.now();
            while (!window.infos.some((m) => /restarting ICE/.test(m)) && performance.now() - t0 < 20000) await new Promise((ok) => setTimeout(ok, 50));
            return window.infos.filter((m) => /restarting ICE/.test(m));
          });
        } finally {
          for (const pid of frozen) { try { process.kill(pid, 'SIGCONT'); } catch { /* gone */ } }
        }
        assert.match(restarted[0] ?? 'none', /^restarting ICE \(disconnected for longer than the grace period\), attempt 1 of 3$/);
        await pages.chromium.evaluate(() => until(peer.connectionState, (s) => s === 'connected', 15000));
        await new Promise((ok) => setTimeout(ok, 2500));
        const offers = signals.filter(([from, s]) => from === 'chromium' && s.type === 'offer');
        assert.ok(offers.length > offersBefore, 'Chromium sent a restart offer');
        assert.notEqual(ufrag(offers.at(-1)[1].sdp), ufragBefore, 'with fresh ICE credentials');
        ({ stale, delivered } = await sendAfterRestart(pages, signals));
        for (const kind of ['chromium', 'firefox']) {
          assert.deepEqual(await pages[kind].evaluate(() => window.rejections), [], `${kind}: no signal was refused`);
        }
        if (initiator === 'firefox') {
          assert.ok((await pages.chromium.evaluate(() => window.warnings)).some((w) => /DTLS role/.test(w)), 'the corrected answer is logged');
        }
        assert.ok((await pages.chromium.evaluate(() => window.infos)).some((m) => /ICE restart toward Firefox/.test(m)),
                  'the restart offer was sent first and set with its answer');
      } finally {
        await close();
      }
      if (delivered.every(Boolean)) return;
      // The browsers' own loss after a Chromium restart (see the restartIce() test above).
      if (stale && !delivered[0]) {
        t.diagnostic(`known browser limitation: Chromium's selected pair leads to Firefox's previous ICE generation (${stale}); kpeer: ${delivered}`);
        t.skip('the browsers themselves lose messages after this restart (Chromium kept a pair to Firefox\'s old ICE generation)');
        return;
      }
      assert.fail(`messages lost after the automatic restart (chromium→firefox ${delivered[0]}, firefox→chromium ${delivered[1]})`);
    });

    test('glare: both sides create their first channel at once; both channels open on both sides and carry messages', async () => {
      const { pages, close } = await crossPair(initiator, { glare: true });
      try {
        for (const [from, to] of [['chromium', 'firefox'], ['firefox', 'chromium']]) {
          await pages[from].evaluate((l) => { window.channels[l].send('own'); window.channels[l === 'from-chromium' ? 'from-firefox' : 'from-chromium'].send('theirs'); }, 'from-' + from);
          const got = await waitForGot(pages[to], 2);
          assert.deepEqual(got.map((g) => [g[0], g[2]]).sort(), [['from-' + from, 'own'], ['from-' + to, 'theirs']].sort());
          await pages[to].evaluate(() => { window.got = []; });
        }
        for (const p of Object.values(pages)) assert.deepEqual(await p.evaluate(() => window.rejections), []);
      } finally {
        await close();
      }
    });

    test('close() on one side closes the channel on the other', async () => {
      const { pages, close } = await crossPair(initiator);
      try {
        const closer = initiator === 'chromium' ? 'firefox' : 'chromium';
        const other = closer === 'chromium' ? 'firefox' : 'chromium';
        await pages[closer].evaluate(() => peer.close());
        const state = await pages[other].evaluate(() => until(window.channels.main.state, (s) => s === 'closed', 10000));
        assert.equal(state, 'closed');
      } finally {
        await close();
      }
    });
  });
}

// The demo's two-devices mode with one device in each browser (scripts/relay.mjs pairs them).
// DOM is driven through evaluate, which both drivers share.
describe('the web demo', () => {
  const typeAndSend = (page, text) => page.evaluate((text) => {
    const input = document.querySelector('.session input[name=chat]');
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.form?.requestSubmit?.();
  }, text);
  const waitFor = (page, fnSource, arg, ms = 20000) => page.evaluate(async ({ src, arg, ms }) => {
    const check = (0, eval)(src);
    const t0 = performance.now();
    while (!check(arg)) {
      if (performance.now() - t0 > ms) throw new Error('timeout: ' + src);
      await new Promise((ok) => setTimeout(ok, 50));
    }
  }, { src: fnSource.toString(), arg, ms });
  const openDemo = async (kind, link) => {
    const page = await browsers[kind].newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    await page.goto(`${server.url}/web-demo/${link}`);
    await waitFor(page, () => document.body.dataset.ready === 'true');
    return page;
  };

  test('loopback mode in Firefox: a message typed on one side appears on the other', async () => {
    const page = await openDemo('firefox', '#loopback');
    try {
      for (const side of ['a', 'b']) {
        await waitFor(page, (s) => document.querySelector(`.peer-${s} .channel-list li[data-label=chat] .badge[data-state=open]`), side);
      }
      await page.evaluate(() => {
        const input = document.querySelector('.peer-a input[name=message]');
        input.value = 'hello from A in Firefox';
        input.form.requestSubmit();
      });
      await waitFor(page, () => [...document.querySelectorAll('.peer-b .msg.them .text')].some((e) => e.textContent.includes('hello from A in Firefox')));
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });

  test('two tabs in Firefox: pair over BroadcastChannel and chat both ways', async () => {
    const tabs = [];
    try {
      tabs.push(await openDemo('firefox', '#tabs'));
      tabs.push(await openDemo('firefox', '#tabs'));  // the default context: tabs share BroadcastChannel
      for (const p of tabs) await waitFor(p, () => document.querySelector('.session input[name=chat]:not([disabled])'));
      for (const [text, from, to] of [['hello from the first tab', 0, 1], ['hello back', 1, 0]]) {
        await typeAndSend(tabs[from], text);
        await waitFor(tabs[to], (t) => [...document.querySelectorAll('.session .msg.them .text')].some((e) => e.textContent.includes(t)), text);
      }
      for (const p of tabs) assert.deepEqual(p.errors, []);
    } finally {
      for (const p of tabs) await p.close();
    }
  });

  test('two devices, one Chromium and one Firefox, join a room on scripts/relay.mjs and chat both ways', async () => {
    const relay = await startRelay({ port: 0 });
    const pages = [];
    try {
      const link = `?relay=${encodeURIComponent(relay.url)}&room=cross-browser#devices`;
      pages.push(await openDemo('chromium', link));
      await waitFor(pages[0], () => document.querySelector('.relay-form .badge[data-state=joined]'));
      pages.push(await openDemo('firefox', link));
      for (const p of pages) await waitFor(p, () => document.querySelector('.session input[name=chat]:not([disabled])'));
      const said = [['hello from Chromium', 0, 1], ['hello from Firefox', 1, 0]];
      for (const [text, from, to] of said) {
        await typeAndSend(pages[from], text);
        await waitFor(pages[to], (t) => [...document.querySelectorAll('.session .msg.them .text')].some((e) => e.textContent.includes(t)), text);
      }
      for (const p of pages) assert.deepEqual(p.errors, []);
    } finally {
      for (const p of pages) await p.close();
      await relay.close();
    }
  });
});
