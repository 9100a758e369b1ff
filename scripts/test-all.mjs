// `npm test`: every suite, in order, each reported; ends with one line `N passed, N failed`.
//  1. native  — the core's doctest suite (plain, then ASan+UBSan) and bounded libFuzzer runs
//  2. types   — tsc --noEmit over the typed example against dist/kpeer.d.ts
//     schema  — the wasm → JS event schema (UserEvents.def) against js/peer.js
//  3. size    — the bundle budget (gzip -9 of dist/kpeer.js + dist/kpeer.wasm)
//  4. e2e     — Playwright + Chromium: tests/e2e/*.test.mjs (cross-browser.test.mjs: Chromium ↔
//               Firefox) and tests/package/*.test.mjs
//  5. e2e-firefox — the parity, beyond, hardening, CSP and memory suites again in Firefox
//               (puppeteer-core over WebDriver BiDi, KPEER_BROWSER=firefox)
//  6. node    — kpeer in Node.js with @roamhq/wrtc and node-datachannel: tests/node/*.test.mjs and
//               the parity and beyond suites (tests/node/run.mjs, one process per file)
// KPEER_TEST_ONLY=e2e,size runs a subset.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { tapFailures } from './tap-failures.mjs';

const only = process.env.KPEER_TEST_ONLY ? new Set(process.env.KPEER_TEST_ONLY.split(',')) : null;
let passed = 0;
let failed = 0;
const lines = [];
const failures = [];  // `stage: test: error`, printed just before the closing line

// Runs one stage, streaming its output (and keeping a copy for count(ok, output)).
async function run(name, cmd, args, count) {
  if (only && !only.has(name)) return;
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  let output = '';
  const status = await new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    child.stdout.on('data', (chunk) => { output += chunk; process.stdout.write(chunk); });
    child.on('error', (e) => { console.error(`${name}: ${e.message}`); resolve(127); });
    child.on('close', (code) => resolve(code ?? 1));
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const c = count ? count(status === 0, output) : { passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1 };
  if (status !== 0 && c.failed === 0) c.failed = 1; // a crash with no counted failure still fails
  const named = [...(c.failures ?? []), ...[...output.matchAll(/^(?:FAILED: |\[FAIL\] )(.*)$/gm)].map((m) => m[1])];
  if (c.failed > 0) failures.push(...(named.length ? named : ['(see its output above)']).map((f) => `${name}: ${f}`));
  passed += c.passed;
  failed += c.failed;
  lines.push(`${name}: ${c.passed} passed, ${c.failed} failed (${seconds} s)`);
}

// Counts from the TAP file node's test runner writes next to its spec output.
const tapCounts = (file) => () => {
  const tap = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const num = (k) => Number((tap.match(new RegExp(`^# ${k} (\\d+)`, 'm')) || [])[1] || 0);
  return { passed: num('pass'), failed: num('fail') + num('cancelled'), failures: tapFailures(tap) };
};

mkdirSync('build', { recursive: true });

// Stages of scripts/native-tests.sh (doctest, ASan+UBSan, fuzz build, each fuzz target).
await run('native', 'bash', ['scripts/native-tests.sh'], (ok, output) => {
  const m = output.match(/^native: (\d+) passed, (\d+) failed$/m);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : { passed: 0, failed: 1 };
});

if (existsSync('tests/types/tsconfig.json')) {
  await run('types', 'node_modules/.bin/tsc', ['-p', 'tests/types/tsconfig.json']);
}

// The wasm → JS event schema (src/web/UserEvents.def) against js/peer.js and the encoder.
await run('schema', 'node', ['tests/types/event-schema.mjs']);

await run('size', 'node', ['scripts/size-budget.mjs']);

// node --test over `files`, counted from the TAP file it writes to build/<name>.tap.
const nodeTests = (name, files) => run(name, 'node', [
  '--test', '--test-concurrency=1', '--test-timeout=600000',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=build/${name}.tap`,
  ...files,
], tapCounts(`build/${name}.tap`));

const e2eFiles = ['tests/e2e', 'tests/package']
  .filter((d) => existsSync(d))
  .flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => `${d}/${f}`));
await nodeTests('e2e', e2eFiles);

// The same suites in Firefox. The others stay Chromium-only: demo and faults drive Playwright
// contexts and locators, the package tests check the npm tarball (not the browser).
process.env.KPEER_BROWSER = 'firefox';
await nodeTests('e2e-firefox', ['parity', 'beyond', 'hardening', 'csp', 'memory'].map((n) => `tests/e2e/${n}.test.mjs`));
delete process.env.KPEER_BROWSER;
await run('node', 'node', ['tests/node/run.mjs'], (ok, output) => {
  const m = output.match(/^node: (\d+) passed, (\d+) failed$/m);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : { passed: 0, failed: 1 };
});

if (failures.length) console.log('\nfailed:\n' + failures.map((f) => `  ${f}`).join('\n'));
console.log('\n' + lines.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
