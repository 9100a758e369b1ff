// The npm package as users get it: `npm pack` the repository, check what the tarball holds,
// install it into a fresh application outside the repository (offline), then use it as
// applications do, in Chromium:
//   1. a plain page: <script type="importmap"> maps 'kpeer' to node_modules/kpeer/dist/kpeer.js;
//   2. a Vite build of the same code (`import { KPeer } from 'kpeer'`), served from its dist/;
//   3. the Vite dev server over the same app;
// and in each, two peers in one page deliver a text message. The wasm must be found next to
// kpeer.js through new URL('kpeer.wasm', import.meta.url), with no configuration.
// Also type-checks a TypeScript file in the app against the installed package (nodenext).
// Needs the build (dist/). KPEER_KEEP_TMP=1 keeps the temporary directory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { launchChromium } from '../e2e/browser.mjs';
import { startStaticServer } from '../../scripts/static-server.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

// The module's runtime exports (the value exports of dist/kpeer.d.ts).
const EXPORTS = ['KChannel', 'KPeer', 'KPeerError', 'diagnostics', 'ready', 'version'];

const EXPECTED_FILES = [
  'package/LICENSE',
  'package/README.md',
  'package/dist/kpeer.d.ts',
  'package/dist/kpeer.js',
  'package/dist/kpeer.node.js',
  'package/dist/kpeer.wasm',
  'package/package.json',
];

let work; // temporary directory: the tarball and the app
let app; // the application that installs the tarball
let tgz; // path of the packed tarball
let browser;

// npm with the app's own settings only: drop what an enclosing `npm test` put in the environment.
const npmEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(lifecycle|package|config_(prefix|local_prefix|global))/i.test(k)));

before(async () => {
  for (const f of ['dist/kpeer.js', 'dist/kpeer.wasm', 'dist/kpeer.d.ts']) {
    assert.ok(existsSync(join(ROOT, f)), `${f} is missing: run \`bash scripts/build.sh\` first`);
  }
  work = mkdtempSync(join(tmpdir(), 'kpeer-package-'));
  app = join(work, 'app');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (work && !process.env.KPEER_KEEP_TMP) rmSync(work, { recursive: true, force: true });
  else if (work) console.log(`kept ${work}`);
});

test('npm pack: the tarball holds exactly package.json, README.md, LICENSE and dist/kpeer.{js,node.js,wasm,d.ts}', async () => {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, env: npmEnv() });
  const [info] = JSON.parse(stdout);
  tgz = join(work, info.filename);
  assert.equal(info.filename, `${pkg.name}-${pkg.version}.tgz`);
  const { stdout: listing } = await run('tar', ['-tzf', tgz]);
  const entries = listing.split('\n').filter((l) => l && !l.endsWith('/')).sort();
  assert.deepEqual(entries, EXPECTED_FILES);
  const sizes = Object.fromEntries(info.files.map((f) => [f.path, f.size]));
  console.log(`tarball ${info.filename}: ${statSync(tgz).size} B packed, ${info.unpackedSize} B unpacked; ${JSON.stringify(sizes)}`);
  // The packed files are the built ones, and the types are the source's.
  assert.equal(sizes['dist/kpeer.wasm'], statSync(join(ROOT, 'dist/kpeer.wasm')).size);
  assert.equal(readFileSync(join(ROOT, 'dist/kpeer.d.ts'), 'utf8'), readFileSync(join(ROOT, 'js/kpeer.d.ts'), 'utf8'),
    'dist/kpeer.d.ts differs from js/kpeer.d.ts: rebuild (or cp js/kpeer.d.ts dist/)');
});

test('npm install <tarball> into a fresh app, offline', async () => {
  assert.ok(tgz, 'needs the tarball from the previous test');
  rmSync(app, { recursive: true, force: true });
  await run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'kpeer-test-app', private: true, type: 'module' }, null, 2));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tgz], { cwd: app, env: npmEnv() });
  const installed = join(app, 'node_modules/kpeer');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.version, pkg.version);
  assert.deepEqual(readdirSync(join(installed, 'dist')).sort(), ['kpeer.d.ts', 'kpeer.js', 'kpeer.node.js', 'kpeer.wasm']);
  // Only the package itself: it has no runtime dependencies.
  assert.deepEqual(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')), ['kpeer']);
  copyFileSync(join(HERE, 'app/main.js'), join(app, 'main.js'));
});

test("Node.js: the fresh app, with node-datachannel linked in, imports 'kpeer' (its Node entry) and two peers connect", async () => {
  assert.ok(existsSync(join(app, 'node_modules/kpeer')), 'needs the installed app');
  // The repository's own node-datachannel, linked in (Node resolves its dependencies from where it
  // really is). Nothing is downloaded: npm's offline cache lacks its dependencies' metadata.
  symlinkSync(join(ROOT, 'node_modules/node-datachannel'), join(app, 'node_modules/node-datachannel'), 'dir');
  copyFileSync(join(HERE, 'app/node-main.mjs'), join(app, 'node-main.mjs'));
  const { stdout } = await run(process.execPath, ['node-main.mjs'], { cwd: app, timeout: 30000 });
  const result = JSON.parse(stdout.trim().split('\n').pop());
  assert.match(result.entry, /node_modules\/kpeer\/dist\/kpeer\.node\.js$/);
  assert.deepEqual(result.got, ['hello from node']);
  assert.equal(result.state, 'connected');
});

test('TypeScript (nodenext) finds the installed package\'s types through its exports map', async () => {
  assert.ok(existsSync(join(app, 'node_modules/kpeer')), 'needs the installed app');
  writeFileSync(join(app, 'check.ts'), [
    "import { KPeer, KPeerError, version, type KChannel, type KPeerSignal } from 'kpeer';",
    "const peer = new KPeer({ initiator: true, iceServers: [] });",
    "peer.onSignal((s: KPeerSignal) => console.log(s.type, version));",
    "const ch: Promise<KChannel> = peer.createChannel({ label: 'chat' });",
    "ch.then((c) => c.send('hi'), (e: unknown) => e instanceof KPeerError && console.log(e.code));",
    "// @ts-expect-error: label is required",
    "peer.createChannel({});",
    '',
  ].join('\n'));
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['dom', 'es2022'],
      types: [], strict: true, noEmit: true,
    },
    files: ['check.ts'],
  }));
  try {
    await run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(app, 'tsconfig.json')], { cwd: app });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

// Opens `url` in a fresh page, waits for main.js, runs the loopback; returns its result.
async function loopback(url, text) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.kpeerLoaded === true, null, { timeout: 20000 })
      .catch((e) => { throw new Error(`main.js did not load: ${errors.join('; ') || e.message}`); });
    const result = await page.evaluate((t) => window.kpeerLoopback(t), text);
    assert.deepEqual(errors, [], 'the page reported errors');
    return result;
  } finally {
    await page.close();
  }
}

test('plain <script type="module"> page with an import map: two peers deliver a text message', async () => {
  assert.ok(existsSync(join(app, 'main.js')), 'needs the installed app');
  writeFileSync(join(app, 'app.html'), `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>kpeer: import map</title>
<script type="importmap">{ "imports": { "kpeer": "./node_modules/kpeer/dist/kpeer.js" } }</script>
<script type="module" src="./main.js"></script>
</head><body></body></html>
`);
  const server = await startStaticServer({ root: app });
  try {
    const r = await loopback(`${server.url}/app.html`, 'hello over an import map');
    assert.equal(r.got, 'hello over an import map');
    assert.equal(r.version, pkg.version);
    assert.equal(r.errorClassOk, true);
    assert.deepEqual(r.exports, EXPORTS);
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.wasm, [`${server.url}/node_modules/kpeer/dist/kpeer.wasm`]);
  } finally {
    await server.close();
  }
});

test('Vite build of `import { KPeer } from \'kpeer\'`: the wasm is emitted and found; two peers deliver a text message', async () => {
  assert.ok(existsSync(join(app, 'main.js')), 'needs the installed app');
  writeFileSync(join(app, 'index.html'), `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>kpeer: vite</title>
<script type="module" src="./main.js"></script>
</head><body></body></html>
`);
  const out = join(app, 'dist');
  try {
    // No vite.config: the package must work with Vite's defaults.
    await run(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn', '--emptyOutDir'], { cwd: app, env: npmEnv() });
  } catch (e) {
    assert.fail(`vite build failed:\n${e.stdout}${e.stderr}`);
  }
  const assets = readdirSync(join(out, 'assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `expected one .wasm among the built assets, got ${assets.join(', ')}`);
  assert.equal(statSync(join(out, 'assets', wasm[0])).size, statSync(join(ROOT, 'dist/kpeer.wasm')).size);
  assert.ok(!existsSync(join(out, 'node_modules')), 'the build must not need node_modules at run time');
  const server = await startStaticServer({ root: out });
  try {
    const r = await loopback(`${server.url}/`, 'hello over a vite build');
    assert.equal(r.got, 'hello over a vite build');
    assert.equal(r.version, pkg.version);
    assert.equal(r.errorClassOk, true);
    assert.deepEqual(r.exports, EXPORTS);
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.wasm, [`${server.url}/assets/${wasm[0]}`]);
  } finally {
    await server.close();
  }
});

test('Vite dev server (no config) serves the same app: two peers deliver a text message', async () => {
  assert.ok(existsSync(join(app, 'index.html')), 'needs the app of the Vite build test');
  const { createServer } = await import('vite');
  const server = await createServer({
    root: app, configFile: false, logLevel: 'warn', clearScreen: false,
    server: { host: '127.0.0.1', port: 0, watch: null },
  });
  try {
    await server.listen();
    const url = server.resolvedUrls.local[0];
    const r = await loopback(url, 'hello over the vite dev server');
    assert.equal(r.got, 'hello over the vite dev server');
    assert.equal(r.version, pkg.version);
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.exports, EXPORTS);
    assert.equal(r.wasm.length, 1);
    assert.match(r.wasm[0], /\/kpeer(-[\w-]+)?\.wasm(\?.*)?$/);
  } finally {
    await server.close();
  }
});
