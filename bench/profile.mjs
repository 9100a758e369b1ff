// Top self-time functions of a DevTools CPU profile (Profiler.stop's `profile`).
export function topSelfTime(profile, n = 15) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = (timeDeltas[i + 1] ?? timeDeltas[i] ?? 0) / 1000; // µs → ms, time until the next sample
    self.set(samples[i], (self.get(samples[i]) || 0) + dt);
  }
  const groups = new Map();
  let totalMs = 0;
  for (const [id, ms] of self) {
    totalMs += ms;
    const f = byId.get(id)?.callFrame || {};
    const file = (f.url || '').split('/').pop();
    const where = file ? ` ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}` : '';
    const name = `${f.functionName || '(anonymous)'}${where}`;
    groups.set(name, (groups.get(name) || 0) + ms);
  }
  const rows = [...groups].map(([name, ms]) => ({ name, ms, pct: totalMs ? (100 * ms) / totalMs : 0 }))
    .sort((a, b) => b.ms - a.ms).slice(0, n);
  return { totalMs, rows };
}
