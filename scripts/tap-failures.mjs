// The failed tests in a TAP report (node's test runner), as one line each: the test's path of
// names and the first lines of its error. The closing summary of `npm test` prints them last,
// so a CI log that keeps only its tail still says what failed.
export function tapFailures(tap) {
  const out = [];
  const lines = tap.split('\n');
  const path = [];  // names of the enclosing suites, by indentation depth
  for (let i = 0; i < lines.length; i++) {
    const sub = lines[i].match(/^(\s*)# Subtest: (.*)$/);
    if (sub) { path[sub[1].length / 4] = sub[2]; path.length = sub[1].length / 4 + 1; continue; }
    const bad = lines[i].match(/^(\s*)not ok \d+ - (.*)$/);
    if (!bad) continue;
    const depth = bad[1].length / 4;
    const yaml = [];
    for (let j = i + 1; j < lines.length && !/^\s*\.\.\.$/.test(lines[j]); j++) yaml.push(lines[j].trim());
    // A suite fails because a test inside it did; only the test that failed itself is named.
    if (yaml.some((l) => l === "failureType: 'subtestsFailed'")) continue;
    const at = yaml.findIndex((l) => l.startsWith('error:'));
    let error = at < 0 ? '' : yaml[at].replace(/^error:\s*(\|-)?\s*/, '');
    if (at >= 0 && !error) error = yaml.slice(at + 1, at + 4).filter((l) => !/^[a-z]+:/.test(l)).join(' ');
    out.push(`${[...path.slice(0, depth), bad[2]].join(' > ')}: ${error.slice(0, 300)}`);
  }
  return out;
}
