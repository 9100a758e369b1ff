// Shared e2e set-up: one static server over the repository and one browser per test file
// (Chromium, or Firefox with KPEER_BROWSER=firefox). Pages import the built package from
// /dist/kpeer.js, exactly as users do. Suites use only what Playwright and Puppeteer pages share
// (evaluate, exposeFunction, close, 'pageerror' and 'console' events) unless they say otherwise.
import { after, before, test as nodeTest } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BROWSER, launchChromium, launchFirefox } from './browser.mjs';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { RUNTIME, SKIPS, useNode } from '../node/runtime.mjs';

// KPEER_RUNTIME=node-wrtc | node-ndc: the suites run in Node instead (tests/node/runtime.mjs).
export const NODE_RUNTIME = RUNTIME.startsWith('node') ? RUNTIME : '';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// node:test's test(), skipping what the Node implementation in use cannot do (SKIPS, with why).
export function test(name, ...rest) {
  const reason = NODE_RUNTIME && SKIPS[NODE_RUNTIME]?.[name];
  if (!reason) return nodeTest(name, ...rest);
  return nodeTest(name, { skip: reason }, rest[rest.length - 1]);
}

export function useBrowser({ routes } = {}) {
  if (NODE_RUNTIME) return useNode();
  const ctx = { browser: null, server: null, url: null, name: BROWSER };
  before(async () => {
    ctx.server = await startStaticServer({ root: ROOT, routes });
    ctx.url = ctx.server.url;
    ctx.browser = BROWSER === 'firefox' ? await launchFirefox() : await launchChromium();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  // A fresh page with kpeer imported as window.kpeer; console errors are collected.
  ctx.page = async (path = '/tests/e2e/pages/blank.html') => {
    const page = await ctx.browser.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
    await page.goto(ctx.url + path);
    // Playwright takes (fn, arg, options), Puppeteer (fn, options, ...args).
    if (BROWSER === 'firefox') await page.waitForFunction(() => window.kpeer !== undefined, { timeout: 20000 });
    else await page.waitForFunction(() => window.kpeer !== undefined, null, { timeout: 20000 });
    return page;
  };
  // Runs fn(arg) in a fresh page (kpeer, pair, until are globals there), closes it, returns the result.
  ctx.inPage = async (fn, arg) => {
    const page = await ctx.page();
    try {
      return await page.evaluate(fn, arg);
    } finally {
      await page.close();
    }
  };
  return ctx;
}
