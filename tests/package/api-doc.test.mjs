// docs/api.md documents the whole typed surface: every export of dist/kpeer.d.ts, every member of
// its classes and interfaces, every error code and event name (see tests/types/api-doc-check.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiDocProblems, exportedApi } from '../types/api-doc-check.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (f) => readFileSync(ROOT + f, 'utf8');

test('dist/kpeer.d.ts is js/kpeer.d.ts (the build copies it)', () => {
  assert.ok(existsSync(ROOT + 'dist/kpeer.d.ts'), 'dist/kpeer.d.ts is missing: run `bash scripts/build.sh` first');
  assert.equal(read('dist/kpeer.d.ts'), read('js/kpeer.d.ts'), 'stale dist/kpeer.d.ts: rebuild, or cp js/kpeer.d.ts dist/');
});

test('js/kpeer.js exports exactly the values dist/kpeer.d.ts declares', async () => {
  const typed = new Set(exportedApi(read('dist/kpeer.d.ts')).filter((e) => e.kind === 'class' || e.kind === 'const').map((e) => e.name));
  const source = read('js/kpeer.js');
  const runtime = new Set([
    ...[...source.matchAll(/export\s+(?:const|let|var|class|function|async\s+function)\s+(\w+)/g)].map((m) => m[1]),
    ...[...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((n) => n.trim().split(/\s+as\s+/).pop()).filter(Boolean)),
  ]);
  assert.deepEqual([...runtime].sort(), [...typed].sort());
});

test('docs/api.md documents every export and member of dist/kpeer.d.ts', () => {
  const problems = apiDocProblems(read('dist/kpeer.d.ts'), read('docs/api.md'));
  assert.deepEqual(problems, [], `docs/api.md misses:\n  ${problems.join('\n  ')}`);
});
