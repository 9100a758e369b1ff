// Where the bundle's bytes go: gzip -9 of each part of dist/kpeer.js and dist/kpeer.wasm.
//
//   node bench/size-parts.mjs [--json]
//
// kpeer.js = the Emscripten glue (build/wasm/kpeer.mjs, closure-compiled) + js/ (bundled and
// minified by esbuild and terser exactly as scripts/build.sh does, with the glue swapped for a stub).
// kpeer.wasm = its code section split by what each function is (named by a --profiling-funcs
// relink of build/wasm into a temp dir), its data section (mostly error messages), the rest.
// gzip is not additive: each part is compressed on its own, so parts sum to more than the whole.
// LTO inlines the core into the exported entry points (peerCreate, kpBrowserEvent, ...); those
// bytes count as "exports".
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const gz = (b) => gzipSync(b, { level: 9 }).length;
const tmp = mkdtempSync(join(os.tmpdir(), 'kpeer-size-'));

// --- the JS
const stub = join(tmp, 'stub.mjs');
writeFileSync(stub, 'export default async () => ({});\n');
execFileSync('node_modules/.bin/esbuild', ['js/kpeer.js', '--bundle', '--format=esm', '--platform=browser', '--target=es2022',
  '--minify', '--mangle-props=^_', '--reserve-props=^_(.?|wp|byId|pending)$', `--alias:kpeer-wasm=${stub}`, '--alias:kpeer-wasm-options=./js/wasm-options.browser.js',
  '--define:__KPEER_VERSION__="0"', `--outfile=${join(tmp, 'js-only.js')}`, '--log-level=warning']);
execFileSync('node_modules/.bin/terser', [join(tmp, 'js-only.js'), '--module', '--compress', 'passes=2', '--mangle', '--output', join(tmp, 'js-only.js')]);
const bundle = readFileSync('dist/kpeer.js');
const glue = readFileSync('build/wasm/kpeer.mjs');
const jsOnly = readFileSync(join(tmp, 'js-only.js'));

// --- the wasm: sections, and per function sizes with names from a profiling relink
function sections(bytes) {
  const out = [];
  let i = 8;
  const leb = () => { let r = 0, s = 0, b; do { b = bytes[i++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  while (i < bytes.length) {
    const id = bytes[i++];
    const len = leb();
    out.push({ id, start: i, end: i + len });
    i += len;
  }
  return out;
}
function functions(bytes) {
  const secs = sections(bytes);
  let imports = 0;
  const names = new Map();
  const sizes = [];
  for (const s of secs) {
    let i = s.start;
    const leb = () => { let r = 0, sh = 0, b; do { b = bytes[i++]; r |= (b & 0x7f) << sh; sh += 7; } while (b & 0x80); return r >>> 0; };
    const str = () => { const n = leb(); const t = Buffer.from(bytes.subarray(i, i + n)).toString('utf8'); i += n; return t; };
    if (s.id === 2) {
      for (let n = leb(); n > 0; n--) {
        str(); str();
        const kind = bytes[i++];
        if (kind === 0) { leb(); imports++; } else if (kind === 1) { i++; const f = leb(); leb(); if (f & 1) leb(); }
        else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); } else i += 2;
      }
    } else if (s.id === 10) {
      for (let n = leb(); n > 0; n--) { const start = i; const len = leb(); sizes.push(bytes.subarray(start, i + len)); i += len; }
    } else if (s.id === 0 && str() === 'name') {
      while (i < s.end) {
        const sub = bytes[i++]; const len = leb(); const end = i + len;
        if (sub === 1) for (let n = leb(); n > 0; n--) { const idx = leb(); names.set(idx, str()); }
        i = end;
      }
    }
  }
  return sizes.map((body, k) => ({ name: names.get(imports + k) || '', body }));
}
const part = (name) => {
  if (/^(peer\w+|kpBrowserEvent|kpNormalizeStats|replayLimit)$/.test(name)) return 'exports (with the core inlined)';
  if (/kpeer::web::/.test(name)) return 'web adapter (src/web)';
  if (/kpeer::/.test(name)) return 'core (src/core)';
  return 'libc++, libc, malloc';
};

const wasm = readFileSync('dist/kpeer.wasm');
const secs = sections(wasm);
const sectionBytes = (id) => Buffer.concat(secs.filter((s) => s.id === id).map((s) => wasm.subarray(s.start, s.end)));
const link = execFileSync('ninja', ['-C', 'build/wasm', '-t', 'commands', 'kpeer_wasm'], { encoding: 'utf8' }).trim().split('\n').pop();
const relink = link.replace(/^: && /, '').replace(/ && :$/, '').replace('--closure 1', '')
  .replace('-o kpeer.mjs', `-o ${join(tmp, 'kpeer.mjs')} --profiling-funcs`)
  // the POST_BUILD wasm-opt (CMakeLists.txt) on the temp module, keeping its names (-g)
  .replace(' kpeer.wasm -o kpeer.wasm', ` -g ${join(tmp, 'kpeer.wasm')} -o ${join(tmp, 'kpeer.wasm')}`);
execFileSync('bash', ['-c', relink], { cwd: 'build/wasm', env: { ...process.env, NODE_PATH: '/usr/share/nodejs' }, stdio: 'ignore' });
const named = functions(readFileSync(join(tmp, 'kpeer.wasm')));
const byPart = new Map();
for (const f of named) {
  const p = part(f.name);
  if (!byPart.has(p)) byPart.set(p, []);
  byPart.get(p).push(f.body);
}
rmSync(tmp, { recursive: true, force: true });

const code = sectionBytes(10), data = sectionBytes(11);
const rows = [
  ['dist/kpeer.js', bundle.length, gz(bundle)],
  ['  Emscripten glue (build/wasm/kpeer.mjs)', glue.length, gz(glue)],
  ['  js/ (Promise, events, flows)', jsOnly.length, gz(jsOnly)],
  ['dist/kpeer.wasm', wasm.length, gz(wasm)],
  ['  code section', code.length, gz(code)],
  ...[...byPart].sort((a, b) => b[1].reduce((s, x) => s + x.length, 0) - a[1].reduce((s, x) => s + x.length, 0))
    .map(([p, bodies]) => { const b = Buffer.concat(bodies); return [`    ${p}`, b.length, gz(b)]; }),
  ['  data section (error messages, tables)', data.length, gz(data)],
  ['  other sections (types, imports, exports, ...)', wasm.length - code.length - data.length, null],
  ['total (kpeer.js + kpeer.wasm, each gzipped)', bundle.length + wasm.length, gz(bundle) + gz(wasm)],
];
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows.map(([part, raw, gzip]) => ({ part: part.trim(), raw, gzip }))));
} else {
  console.log('| part | raw B | gzip -9 B |\n| --- | ---: | ---: |');
  for (const [p, raw, g] of rows) console.log(`| ${p.replace(/^ +/, (s) => '&nbsp;'.repeat(s.length))} | ${raw} | ${g ?? '—'} |`);
}
