// The events wasm hands to js/peer.js are declared once, in src/web/UserEvents.def. This check
// fails when the two sides disagree:
//  - a kind declared but not handled in KPeer._handle(), or handled but not declared;
//  - a field read in a handler (ev.x, or through toKPeerError / _onMessage) that is not declared,
//    or a declared field no handler reads;
//  - a declared kind that src/web/EventEncoder.cpp never emits (emit<U::kind>).
// (C++ checks its side at compile time: emit<Kind>(...) takes exactly the declared fields.)
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (p) => readFileSync(new URL(p, root), 'utf8');

const declared = new Map();
for (const m of read('src/web/UserEvents.def').matchAll(/^KPEER_EVENT\((\w+)((?:,\s*"[^"]+")*)\)/gm)) {
  declared.set(m[1], new Set([...m[2].matchAll(/"([^"]+)"/g)].map((f) => f[1])));
}

const peer = read('js/peer.js');
const body = peer.slice(peer.indexOf('_handle(ev) {'));
const switchBody = body.slice(0, body.indexOf('\n  }\n'));
// Helpers that read fields of the event they are given.
const readsOf = { toKPeerError: ['code', 'message'], _onMessage: ['data'] };
const handled = new Map();
const cases = [...switchBody.matchAll(/case '(\w+)':/g)];
cases.forEach((c, i) => {
  const block = switchBody.slice(c.index, i + 1 < cases.length ? cases[i + 1].index : switchBody.indexOf('default:'));
  const fields = new Set([...block.matchAll(/\bev\.(\w+)/g)].map((f) => f[1]));
  for (const [helper, reads] of Object.entries(readsOf)) {
    if (new RegExp(`${helper}\\(ev\\)`).test(block)) reads.forEach((f) => fields.add(f));
  }
  handled.set(c[1], fields);
});

const encoder = read('src/web/EventEncoder.cpp');
const problems = [];
let checks = 0;
for (const [kind, fields] of declared) {
  checks++;
  if (!handled.has(kind)) { problems.push(`'${kind}' is declared but js/peer.js does not handle it`); continue; }
  if (!new RegExp(`emit<U::${kind}>`).test(encoder)) problems.push(`'${kind}' is declared but EventEncoder.cpp never emits it`);
  for (const f of fields) if (!handled.get(kind).has(f)) problems.push(`'${kind}.${f}' is declared but js/peer.js never reads it`);
  for (const f of handled.get(kind)) if (!fields.has(f)) problems.push(`js/peer.js reads '${kind}.${f}', which is not declared`);
}
for (const kind of handled.keys()) {
  checks++;
  if (!declared.has(kind)) problems.push(`js/peer.js handles '${kind}', which is not declared in UserEvents.def`);
}
if (declared.size === 0 || handled.size === 0) problems.push('could not read the schema or the handler');

for (const p of problems) console.log(`not ok - ${p}`);
console.log(`event schema: ${declared.size} kinds declared, ${handled.size} handled`);
console.log(`${checks - problems.length} passed, ${problems.length} failed`);
process.exit(problems.length ? 1 : 0);
