// Checks that docs/api.md documents everything dist/kpeer.d.ts declares:
//  - every exported name has a Markdown heading that names it;
//  - in that heading's section (down to the next heading of the same or a higher level), every
//    member of an exported class or interface appears inside an inline code span (`...`), the
//    constructor as `new Name(`; a computed member like [Symbol.asyncIterator] as its expression;
//  - every string literal of an exported string-literal union (e.g. the error codes), and every
//    event name of an on()/off() overload, appears as 'literal' inside a code span of that section.
// Usage: node tests/types/api-doc-check.mjs [path/to/kpeer.d.ts] [path/to/api.md]
// Exits 1 and lists what is missing. tests/package/api-doc.test.mjs runs it under node:test.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const hasModifier = (node, kind) => (ts.getModifiers?.(node) ?? node.modifiers ?? []).some((m) => m.kind === kind);

// { name, kind, members: [{ name, literals }], literals } for every export of the declaration file.
export function exportedApi(dtsText, fileName = 'kpeer.d.ts') {
  const sf = ts.createSourceFile(fileName, dtsText, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const api = [];
  const memberName = (m) => {
    if (ts.isConstructorDeclaration(m)) return 'constructor';
    if (!m.name) return null;
    if (ts.isComputedPropertyName(m.name)) return m.name.expression.getText(sf);
    return m.name.getText(sf);
  };
  // String literals that name an overload, e.g. on(name: 'signal', ...).
  const firstParamLiteral = (m) => {
    const p = m.parameters?.[0];
    return p?.type && ts.isLiteralTypeNode(p.type) && ts.isStringLiteral(p.type.literal) ? p.type.literal.text : null;
  };
  const membersOf = (node) => {
    const byName = new Map();
    for (const m of node.members) {
      if (hasModifier(m, ts.SyntaxKind.PrivateKeyword)) continue;
      const name = memberName(m);
      if (!name) continue;
      if (!byName.has(name)) byName.set(name, { name, literals: [] });
      const lit = firstParamLiteral(m);
      if (lit && !byName.get(name).literals.includes(lit)) byName.get(name).literals.push(lit);
    }
    return [...byName.values()];
  };
  for (const st of sf.statements) {
    if (!hasModifier(st, ts.SyntaxKind.ExportKeyword)) continue;
    if (ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st)) {
      api.push({ name: st.name.text, kind: ts.isClassDeclaration(st) ? 'class' : 'interface', members: membersOf(st), literals: [] });
    } else if (ts.isTypeAliasDeclaration(st)) {
      const t = st.type;
      const parts = ts.isUnionTypeNode(t) ? t.types : [t];
      const literals = parts.filter((p) => ts.isLiteralTypeNode(p) && ts.isStringLiteral(p.literal)).map((p) => p.literal.text);
      api.push({ name: st.name.text, kind: 'type', members: [], literals });
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) api.push({ name: d.name.getText(sf), kind: 'const', members: [], literals: [] });
    } else if (ts.isFunctionDeclaration(st) || ts.isEnumDeclaration(st)) {
      api.push({ name: st.name.text, kind: 'function', members: [], literals: [] });
    } else {
      api.push({ name: `(unrecognised export at line ${sf.getLineAndCharacterOfPosition(st.getStart()).line + 1})`, kind: '?', members: [], literals: [] });
    }
  }
  return api;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const word = (s) => new RegExp(`(^|[^\\w$])${escape(s)}($|[^\\w$])`);

// Markdown sections: { level, title, body } for every heading outside fenced code blocks.
function sections(md) {
  const lines = md.split('\n');
  const heads = [];
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const m = !fenced && /^(#{1,6})\s+(.*)$/.exec(line);
    if (m) heads.push({ i, level: m[1].length, title: m[2] });
  });
  return heads.map((h, k) => {
    let end = lines.length;
    for (const n of heads.slice(k + 1)) if (n.level <= h.level) { end = n.i; break; }
    return { level: h.level, title: h.title, body: lines.slice(h.i, end).join('\n') };
  });
}

// Inline code spans of a section, fenced blocks left out.
const codeSpans = (body) => {
  const text = body.replace(/^\s*```[\s\S]*?^\s*```/gm, '');
  return [...text.matchAll(/(`+)([\s\S]*?[^`])\1(?!`)/g)].map((m) => m[2]);
};

export function apiDocProblems(dtsText, mdText) {
  const api = exportedApi(dtsText);
  const secs = sections(mdText);
  const problems = [];
  if (api.length === 0) problems.push('the declaration file exports nothing');
  for (const item of api) {
    const sec = secs.find((s) => word(item.name).test(s.title.replace(/`/g, ' ')));
    if (!sec) {
      problems.push(`${item.name}: no heading names it`);
      continue;
    }
    const spans = codeSpans(sec.body);
    const inCode = (needle) => spans.some((c) => word(needle).test(c));
    const literalInCode = (lit) => spans.some((c) => c.includes(`'${lit}'`));
    for (const m of item.members) {
      if (m.name === 'constructor') {
        if (!spans.some((c) => c.includes(`new ${item.name}(`))) problems.push(`${item.name}: the constructor (\`new ${item.name}(...)\`) is not documented in "${sec.title}"`);
      } else if (!inCode(m.name)) {
        problems.push(`${item.name}.${m.name}: not in a code span of "${sec.title}"`);
      }
      for (const lit of m.literals) {
        if (!literalInCode(lit)) problems.push(`${item.name}.${m.name}('${lit}'): the name '${lit}' is not in a code span of "${sec.title}"`);
      }
    }
    for (const lit of item.literals) {
      if (!literalInCode(lit)) problems.push(`${item.name}: '${lit}' is not in a code span of "${sec.title}"`);
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dts = process.argv[2] ?? `${ROOT}dist/kpeer.d.ts`;
  const md = process.argv[3] ?? `${ROOT}docs/api.md`;
  const problems = apiDocProblems(readFileSync(dts, 'utf8'), readFileSync(md, 'utf8'));
  const api = exportedApi(readFileSync(dts, 'utf8'));
  if (problems.length) {
    console.error(`${md} misses ${problems.length} item(s) of ${dts}:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`${md} documents all ${api.length} exports and ${api.reduce((n, a) => n + a.members.length, 0)} members of ${dts}`);
}
