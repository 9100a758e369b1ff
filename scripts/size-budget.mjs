// Fails when the shipped bundle (gzip -9 of dist/kpeer.js + dist/kpeer.wasm) passes the budget,
// so size cannot regress silently. The limit is the target (README: 40 KiB), which the bundle
// measured now (40 239 B, 39.3 KiB, see bench/README.md) meets with 0.7 KB to spare.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 40 * 1024;
const sizes = ['dist/kpeer.js', 'dist/kpeer.wasm'].map((f) => {
  const raw = readFileSync(f);
  return { f, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
});
const total = sizes.reduce((s, x) => s + x.gz, 0);
for (const s of sizes) console.log(`${s.f}: ${s.raw} B raw, ${s.gz} B gzip -9`);
console.log(`total gzip -9: ${total} B (budget ${BUDGET} B)`);
if (total > BUDGET) {
  console.error(`size budget exceeded by ${total - BUDGET} B`);
  process.exit(1);
}
