// Runs e2e suites in Node with each WebRTC implementation (KPEER_RUNTIME, tests/node/runtime.mjs)
// and tests/node/*.test.mjs, one process per (implementation, file), and prints one closing line
// `node: N passed, N failed`, counted from each process's TAP report.
// Why not `node --test`: @roamhq/wrtc can hang or crash (SIGSEGV) while the process exits, after
// every test has passed and been reported (WonderInventions/node-webrtc#35). A process that has
// written its final TAP summary is given a few seconds to exit, then killed; its counts stand.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tapFailures } from '../../scripts/tap-failures.mjs';

const runtimes = (process.env.KPEER_NODE_RUNTIMES || 'node-wrtc,node-ndc').split(',');
const suites = (process.env.KPEER_NODE_SUITES ?? 'parity,beyond').split(',').filter(Boolean).map((n) => `tests/e2e/${n}.test.mjs`);
const own = readdirSync('tests/node').filter((f) => f.endsWith('.test.mjs')).sort().map((f) => `tests/node/${f}`);

function runFile(runtime, file) {
  mkdirSync('build/node-tests', { recursive: true });
  const tap = `build/node-tests/${runtime}-${file.replace(/[/.]/g, '_')}.tap`;
  rmSync(tap, { force: true });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [
      '--test-timeout=120000', '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`, file,
    ], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, KPEER_RUNTIME: runtime } });
    let killed = false;
    const watch = setInterval(() => {
      if (!existsSync(tap) || !/^# duration_ms/m.test(readFileSync(tap, 'utf8'))) return;
      clearInterval(watch);
      setTimeout(() => { killed = true; child.kill('SIGKILL'); }, 5000).unref();
    }, 500);
    const limit = setTimeout(() => child.kill("SIGKILL"), 10 * 60 * 1000);  // a native hang (no test timeout can end it)
    child.on('close', (code, signal) => {
      clearInterval(watch);
      clearTimeout(limit);
      const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
      const num = (k) => Number((text.match(new RegExp(`^# ${k} (\\d+)`, 'm')) || [])[1] || 0);
      const done = /^# duration_ms/m.test(text);
      let failed = num('fail') + num('cancelled');
      if (!done) failed += 1;  // died before its summary: a failure of its own
      // `FAILED: ` lines are what scripts/test-all.mjs repeats in its closing summary.
      for (const f of tapFailures(text)) console.log(`FAILED: ${runtime} ${file}: ${f}`);
      if (!done) console.log(`FAILED: ${runtime} ${file}: the process ended (${signal ?? code}) before its TAP summary`);
      const exit = killed ? 'killed after its summary (implementation hung at exit)' : signal ? `signal ${signal}` : `exit ${code}`;
      console.log(`--- ${runtime} ${file}: ${num('pass')} passed, ${failed} failed (${exit})`);
      resolve({ passed: num('pass'), failed });
    });
  });
}

let passed = 0;
let failed = 0;
for (const runtime of runtimes) {
  for (const file of [...own, ...suites]) {
    const r = await runFile(runtime, file);
    passed += r.passed;
    failed += r.failed;
  }
}
console.log(`node: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
