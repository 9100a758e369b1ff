// Faults: the remote page crashes or closes → the local peer leaves 'connected' and its channels
// close within 15 s; two peers in two pages, signals relayed by the test.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useBrowser } from './harness.mjs';

const ctx = useBrowser();

// Two pages in separate browser contexts, connected with an open channel 'c' (window.peer, window.ch).
async function connectedPages() {
  const pages = [];
  for (const initiator of [true, false]) {
    const context = await ctx.browser.newContext();
    const page = await context.newPage();
    await page.goto(ctx.url + '/tests/e2e/pages/blank.html');
    await page.waitForFunction(() => window.kpeer !== undefined);
    await page.evaluate((initiator) => {
      window.peer = new kpeer.KPeer({ initiator, iceServers: [] });
      window.outbox = [];
      window.log = [];
      const t0 = performance.now();
      peer.onSignal((s) => outbox.push(s));
      peer.onConnectionState((s) => log.push([Math.round(performance.now() - t0), 'peer', s]));
      peer.onChannel((c) => { window.ch = c; c.onState((s) => log.push([Math.round(performance.now() - t0), 'channel', s])); });
    }, initiator);
    pages.push({ context, page });
  }
  const [a, b] = pages;
  let relaying = true;
  const relay = (async () => {
    while (relaying) {
      for (const [from, to] of [[a.page, b.page], [b.page, a.page]]) {
        const signals = await from.evaluate(() => outbox.splice(0)).catch(() => []);
        for (const s of signals) await to.evaluate((s) => peer.signal(s), s).catch(() => {});
      }
      await new Promise((ok) => setTimeout(ok, 20));
    }
  })();
  await a.page.evaluate(() => peer.createChannel({ label: 'c' }));
  for (const { page } of pages) await page.waitForFunction(() => window.ch && ch.state.value === 'open', null, { timeout: 10000 });
  return { a, b, stop: async () => { relaying = false; await relay; } };
}

describe('faults', () => {
  test('the remote page crashes: the local peer leaves connected and its channel closes within 15 s', async () => {
    const { a, b, stop } = await connectedPages();
    const cdp = await b.context.newCDPSession(b.page);
    const crashedAt = Date.now();
    cdp.send('Page.crash').catch(() => {});
    await a.page.waitForFunction(() => ch.state.value === 'closed', null, { timeout: 15000, polling: 100 });
    const seconds = (Date.now() - crashedAt) / 1000;
    const r = await a.page.evaluate(() => ({ state: peer.connectionState.value, log }));
    await stop();
    await a.context.close();
    await b.context.close().catch(() => {});
    assert.ok(seconds <= 15, `channel closed after ${seconds} s`);
    assert.notEqual(r.state, 'connected');
    assert.ok(r.log.some(([, what, s]) => what === 'peer' && (s === 'disconnected' || s === 'failed')), JSON.stringify(r.log));
  });

  test('the remote page closes: the local channel closes within 15 s', async () => {
    const { a, b, stop } = await connectedPages();
    const closedAt = Date.now();
    await b.page.close();
    await a.page.waitForFunction(() => ch.state.value === 'closed', null, { timeout: 15000, polling: 100 });
    const seconds = (Date.now() - closedAt) / 1000;
    await stop();
    await a.context.close();
    await b.context.close();
    assert.ok(seconds <= 15, `channel closed after ${seconds} s`);
  });
});
