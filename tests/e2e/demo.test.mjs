// The web demo (web-demo/), driven like a user would: loopback mode, two tabs of one browser
// (BroadcastChannel pairing, chat, a 5 MB file with progress and SHA-256), a tab reload, and
// two pages joined through scripts/relay.mjs. Screenshots go to build/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { useBrowser, ROOT } from './harness.mjs';
import { startRelay } from '../../scripts/relay.mjs';

const ctx = useBrowser();
const SHOTS = join(ROOT, 'build', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const VIEWPORT = { width: 1280, height: 860 };

// A demo page in `context` (pages of one context share BroadcastChannel, like tabs).
async function openDemo(context, path) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.goto(`${ctx.url}/web-demo/${path}`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20000 });
  return page;
}

const noErrors = (...pages) => {
  for (const p of pages) assert.deepEqual(p.errors, [], 'page logged errors');
};

async function chat(from, to, text) {
  await from.fill('.session input[name=chat]', text);
  await from.press('.session input[name=chat]', 'Enter');
  await to.locator('.session .msg.them .text', { hasText: text }).waitFor({ timeout: 10000 });
}

const paired = (page) => page.locator('.session input[name=chat]:not([disabled])').waitFor({ timeout: 20000 });

test('loopback mode: a message typed on one side appears on the other; a channel opened from B', { timeout: 60000 }, async () => {
  const context = await ctx.browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await openDemo(context, '#loopback');
    for (const side of ['a', 'b']) {
      await page.locator(`.peer-${side} .channel-list li[data-label=chat] .badge[data-state=open]`).waitFor({ timeout: 15000 });
    }
    await page.locator('.peer-a .peer-head .badge[data-state=connected]').waitFor();

    await page.fill('.peer-a input[name=message]', 'hello from A');
    await page.press('.peer-a input[name=message]', 'Enter');
    await page.locator('.peer-b .msg.them .text', { hasText: 'hello from A' }).waitFor({ timeout: 5000 });

    // B opens a second channel (renegotiation started by the responder) and talks on it.
    await page.fill('.peer-b input[name=label]', 'notes');
    await page.click('.peer-b .open-channel button');
    await page.locator('.peer-a .channel-list li[data-label=notes] .badge[data-state=open]').waitFor({ timeout: 15000 });
    await page.locator('.peer-b .channel-list li[data-label=notes] .badge[data-state=open]').waitFor();
    await page.waitForFunction(() => document.querySelector('.peer-b select[name=channel]').value === 'notes');
    await page.fill('.peer-b input[name=message]', 'hi A, this is B on #notes');
    await page.press('.peer-b input[name=message]', 'Enter');
    const got = page.locator('.peer-a .msg.them', { hasText: 'this is B on #notes' });
    await got.waitFor({ timeout: 5000 });
    assert.match(await got.locator('.who').textContent(), /#notes/);

    assert.ok(await page.locator('.wire-log .sig[data-type=offer]').count() >= 1, 'the offer is on the signaling wire');
    assert.ok(await page.locator('.wire-log .sig[data-type=answer]').count() >= 1, 'the answer is on the signaling wire');
    await page.mouse.move(0, 0); // no hover highlight in the picture
    await page.screenshot({ path: join(SHOTS, 'demo-loopback.png'), fullPage: true });
    noErrors(page);
  } finally {
    await context.close();
  }
});

test('two tabs: pair over BroadcastChannel, chat, a 5 MB file with progress and SHA-256, reload', { timeout: 120000 }, async (t) => {
  const context = await ctx.browser.newContext({ viewport: VIEWPORT });
  try {
    const sender = await openDemo(context, '#tabs');
    const receiver = await openDemo(context, '#tabs');
    await Promise.all([paired(sender), paired(receiver)]);
    const ids = await Promise.all([sender, receiver].map((p) => p.evaluate(() => [window.demo.tabs.id, window.demo.tabs.partner])));
    assert.equal(ids[0][1], ids[1][0], 'each tab is paired with the other');
    assert.equal(ids[1][1], ids[0][0]);

    await chat(sender, receiver, 'hello from the first tab');
    await chat(receiver, sender, 'hello back');

    await sender.locator('.files-card input[type=file]:not([disabled])').waitFor();
    const buffer = randomBytes(5 * 1024 * 1024);
    const expected = createHash('sha256').update(buffer).digest('hex');
    // Every progress value the receiver shows, to check the bar moves rather than jumps.
    await receiver.evaluate(() => {
      window.seenProgress = new Set();
      new MutationObserver(() => {
        const t = document.querySelector('.transfer[data-dir=in]');
        if (t) window.seenProgress.add(t.dataset.progress);
      }).observe(document.querySelector('.transfers'), { subtree: true, attributes: true, childList: true });
    });
    // Transfer time measured in the pages (setInputFiles itself spends seconds moving 5 MB over CDP).
    await sender.evaluate(() => document.querySelector('.files-card input[type=file]')
      .addEventListener('change', () => { window.pickedAt = Date.now(); }, { capture: true, once: true }));
    await receiver.evaluate(() => new MutationObserver((_, obs) => {
      if (document.querySelector('.transfer[data-dir=in][data-state=verified]')) { window.verifiedAt = Date.now(); obs.disconnect(); }
    }).observe(document.querySelector('.transfers'), { subtree: true, attributes: true }));
    await sender.setInputFiles('.files-card input[type=file]', { name: 'random-5MB.bin', mimeType: 'application/octet-stream', buffer });

    const incoming = receiver.locator('.transfer[data-dir=in]');
    await receiver.locator('.transfer[data-dir=in][data-state=verified]').waitFor({ timeout: 90000 });
    const seconds = ((await receiver.evaluate(() => window.verifiedAt)) - (await sender.evaluate(() => window.pickedAt))) / 1000;
    assert.equal(await incoming.getAttribute('data-progress'), '100');
    assert.equal(await incoming.locator('.pct').textContent(), '100%');
    assert.equal(await incoming.getAttribute('data-sha256'), expected, 'receiver computed the SHA-256 of the bytes sent');
    assert.match(await incoming.locator('.status-line').textContent(), /matches/);
    assert.equal(await incoming.locator('a[download]').getAttribute('download'), 'random-5MB.bin');
    const seen = await receiver.evaluate(() => [...window.seenProgress].map(Number));
    assert.ok(seen.filter((v) => v > 0 && v < 100).length >= 2, `progress moved in steps (saw ${seen.join(', ')})`);

    const outgoing = sender.locator('.transfer[data-dir=out]');
    await sender.locator('.transfer[data-dir=out][data-state=delivered]').waitFor({ timeout: 10000 });
    assert.equal(await outgoing.getAttribute('data-sha256'), expected);
    assert.equal(await outgoing.getAttribute('data-progress'), '100');
    // The downloaded blob is the file, byte for byte.
    const downloaded = await receiver.evaluate(async () => {
      const a = document.querySelector('.transfer[data-dir=in] a[download]');
      const bytes = new Uint8Array(await (await fetch(a.href)).arrayBuffer());
      return { size: bytes.length, first: Array.from(bytes.subarray(0, 16)), last: Array.from(bytes.subarray(-16)) };
    });
    assert.equal(downloaded.size, buffer.length);
    assert.deepEqual(downloaded.first, Array.from(buffer.subarray(0, 16)));
    assert.deepEqual(downloaded.last, Array.from(buffer.subarray(-16)));
    t.diagnostic(`5 MB between two tabs: ${seconds.toFixed(2)} s from the file picker to verified on arrival (${(5 / seconds).toFixed(1)} MB/s, both hashes included)`);

    await receiver.bringToFront();
    await receiver.mouse.move(0, 0);
    await receiver.screenshot({ path: join(SHOTS, 'demo-two-tabs.png'), fullPage: true });
    noErrors(sender, receiver);

    // Reloading a tab: it comes back with a new id and pairs with the remaining tab again.
    const oldId = ids[1][0];
    await receiver.reload();
    await receiver.waitForFunction(() => document.body.dataset.ready === 'true');
    await Promise.all([paired(sender), paired(receiver)]);
    const again = await receiver.evaluate(() => [window.demo.tabs.id, window.demo.tabs.partner]);
    assert.notEqual(again[0], oldId);
    assert.equal(again[1], ids[0][0]);
    await sender.waitForFunction((id) => window.demo.tabs.partner === id, again[0]);
    await chat(receiver, sender, 'back after a reload');
    noErrors(sender, receiver);
  } finally {
    await context.close();
  }
});

test('two devices: two pages join one room on scripts/relay.mjs and chat', { timeout: 60000 }, async () => {
  const relay = await startRelay({ port: 0 });
  const contexts = [await ctx.browser.newContext({ viewport: VIEWPORT }), await ctx.browser.newContext({ viewport: VIEWPORT })];
  try {
    const link = `?relay=${encodeURIComponent(relay.url)}&room=e2e-room#devices`;
    const first = await openDemo(contexts[0], link); // joins by itself: the link names relay and room
    await first.locator('.relay-form .badge[data-state=joined]').waitFor({ timeout: 10000 });
    const second = await openDemo(contexts[1], link);
    await Promise.all([paired(first), paired(second)]);
    await first.locator('.session .status-row .badge[data-state=connected]').first().waitFor();
    await chat(second, first, 'hello over the relay');
    await chat(first, second, 'and back, peer to peer');

    // A third member is turned away; the room keeps working.
    const third = new WebSocket(relay.url);
    const answer = await new Promise((ok, ko) => {
      third.on('open', () => third.send(JSON.stringify({ type: 'join', room: 'e2e-room' })));
      third.on('message', (d) => ok(JSON.parse(d.toString())));
      third.on('error', ko);
    });
    assert.equal(answer.type, 'error');
    assert.match(answer.message, /two members/);
    third.close();

    // One page leaves: the other is told and waits for someone new.
    await second.click('.relay-form button:has-text("Leave")');
    await first.locator('.session .system', { hasText: 'left the room' }).waitFor({ timeout: 5000 });
    await first.locator('.relay-form .badge[data-state=joined]').waitFor();
    noErrors(first, second);
  } finally {
    for (const c of contexts) await c.close();
    await relay.close();
  }
});

// kpeer in Node ↔ kpeer in Chromium: examples/node-echo-bot.mjs (node-datachannel) and the demo's
// two-devices page join one room on scripts/relay.mjs, each side as initiator.
for (const botFirst of [true, false]) {
  test(`a Node.js echo bot and the demo page chat through the relay (${botFirst ? 'the bot' : 'the page'} initiates)`, { timeout: 60000 }, async () => {
    const relay = await startRelay({ port: 0 });
    const context = await ctx.browser.newContext({ viewport: VIEWPORT });
    const room = `bot-${botFirst}`;
    let bot = null;
    let botLog = '';
    const startBot = () => {
      bot = spawn(process.execPath, ['examples/node-echo-bot.mjs', relay.url, room], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      bot.stdout.on('data', (d) => { botLog += d; });
    };
    const botSays = async (re) => { for (let i = 0; i < 200 && !re.test(botLog); i++) await new Promise((ok) => setTimeout(ok, 50)); return re.test(botLog); };
    try {
      const link = `?relay=${encodeURIComponent(relay.url)}&room=${room}#devices`;
      let page;
      // Who waits in the room first is the initiator.
      if (botFirst) {
        startBot();
        assert.ok(await botSays(/joined room/), botLog);
        page = await openDemo(context, link);
      } else {
        page = await openDemo(context, link);
        await page.locator('.relay-form .badge[data-state=joined]').waitFor({ timeout: 10000 });
        startBot();
      }
      // What the bot printed goes into the failure: the bot is a separate process.
      await paired(page).catch((e) => { throw new Error(`${e.message.split('\n')[0]}; bot log:\n${botLog}`); });
      await page.locator('.session .status-row .badge[data-state=connected]').first().waitFor({ timeout: 15000 });
      await page.fill('.session input[name=chat]', 'hello bot');
      await page.press('.session input[name=chat]', 'Enter');
      await page.locator('.session .msg.them .text', { hasText: 'echo: hello bot' }).waitFor({ timeout: 10000 });
      assert.ok(await botSays(/< hello bot/), botLog);
      noErrors(page);
    } finally {
      if (bot) {
        bot.kill('SIGINT');
        await new Promise((ok) => { if (bot.exitCode !== null) ok(); else bot.on('exit', ok); });
      }
      await context.close();
      await relay.close();
    }
  });
}
