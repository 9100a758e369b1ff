// kpeer under a strict Content-Security-Policy: no 'unsafe-eval', no inline script, only
// 'wasm-unsafe-eval' for compiling the WebAssembly module. Two peers in the page connect and
// exchange messages (tests/e2e/pages/csp/); no CSP violation and no console error may occur.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './harness.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const PAGE = '/tests/e2e/pages/csp/index.html';
const ctx = useBrowser({ routes: { '/tests/e2e/pages/csp/': { headers: { 'Content-Security-Policy': CSP } } } });

test('two peers connect and exchange messages under a strict CSP, without any violation', async (t) => {
  const page = await ctx.page(PAGE);

  await t.test('the page is served with the policy', async () => {
    const r = await page.evaluate(async (url) => (await fetch(url)).headers.get('content-security-policy'), PAGE);
    assert.equal(r, CSP);
  });

  await t.test('the peers connect, a message goes each way, getStats and dispose work', async () => {
    const r = await page.evaluate(() => window.cspResult);
    assert.deepEqual(r, {
      ok: true, text: 'hello from a', bytes: [1, 2, 3], states: ['connected', 'connected'],
      statsDirect: true, version: r.version, liveWebPeers: 0,
    });
  });

  await t.test('no securitypolicyviolation event and no console error', async () => {
    await new Promise((r) => setTimeout(r, 200)); // late events (e.g. the favicon) have a chance to arrive
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(page.errors, []);
  });

  // Control: the policy is enforced in this page and the listener sees violations, so the empty
  // list above means something. (eval() inside page.evaluate is not a usable probe: DevTools
  // evaluation is exempt from CSP.)
  await t.test('control: an inline script is blocked and reported', async () => {
    const r = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.inlineScriptRan = true;';
      document.head.append(s);
      return new Promise((resolve) => setTimeout(() => resolve({ ran: window.inlineScriptRan === true, violations: window.cspViolations }), 200));
    });
    assert.equal(r.ran, false, 'the inline script ran: the policy is not in force');
    assert.equal(r.violations.length, 1, JSON.stringify(r.violations));
    assert.match(r.violations[0].directive, /^script-src/);
  });
  await page.close();
});
