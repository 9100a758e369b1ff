// bench/chart.svg from results.json: ratios to raw per workload with the target lines, and the
// bundle sizes against the size target. Hand-written SVG, no dependency.
const COLORS = { kpeer: '#2563eb', raw: '#9ca3af', 'raw-again': '#d1d5db', 'simple-peer': '#f59e0b', peerjs: '#a855f7' };
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const f2 = (x) => x.toFixed(2);
const short = (v, unit) => {
  if (unit === 'msg/s') return `${(v / 1000).toFixed(1)}k msg/s`;
  return `${v.toFixed(unit === 'ms' ? 1 : 2)} ${unit}`;
};

export function renderChart(results) {
  const W = 1100;
  const H = 530;
  const out = [];
  const text = (x, y, s, attrs = '') => out.push(`<text x="${f2(x)}" y="${f2(y)}" ${attrs}>${esc(s)}</text>`);
  const line = (x1, y1, x2, y2, attrs) => out.push(`<line x1="${f2(x1)}" y1="${f2(y1)}" x2="${f2(x2)}" y2="${f2(y2)}" ${attrs}/>`);
  const rect = (x, y, w, h, attrs) => out.push(`<rect x="${f2(x)}" y="${f2(y)}" width="${f2(w)}" height="${f2(Math.max(0, h))}" ${attrs}/>`);

  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`);
  rect(0, 0, W, H, 'fill="#ffffff"');
  text(20, 28, 'kpeer benchmark: contender / raw RTCDataChannel (median of per-round ratios)', 'font-size="16" font-weight="600" fill="#111"');
  const m = results.machine;
  text(20, 47, `${results.date.slice(0, 16).replace('T', ' ')} UTC · Chromium ${results.chromium} · Node ${results.node} · ${m.nproc} CPUs · kpeer ${results.kpeer}`, 'fill="#555"');

  // ---- left panel: ratios
  const workloads = results.workloads;
  const P = { x0: 60, x1: 820, y0: 80, y1: 400 };
  let top = 1.2;
  for (const w of workloads) {
    if (w.target) top = Math.max(top, w.target.value * 1.1);
    for (const c of w.contenders) if (Number.isFinite(w.summary[c].ratio)) top = Math.max(top, w.summary[c].ratio * 1.08);
  }
  const yMax = Math.min(3, Math.ceil(top * 4) / 4);
  const y = (v) => P.y1 - (Math.min(v, yMax) / yMax) * (P.y1 - P.y0);
  const step = yMax > 2 ? 0.5 : 0.25;
  for (let v = 0; v <= yMax + 1e-9; v += step) {
    line(P.x0, y(v), P.x1, y(v), `stroke="${v === 0 ? '#333' : '#e5e7eb'}" stroke-width="1"`);
    text(P.x0 - 6, y(v) + 4, v.toFixed(2), 'text-anchor="end" fill="#555"');
  }
  text(18, (P.y0 + P.y1) / 2, 'ratio to raw', `transform="rotate(-90 18 ${(P.y0 + P.y1) / 2})" text-anchor="middle" fill="#333"`);
  line(P.x0, y(1), P.x1, y(1), 'stroke="#6b7280" stroke-width="1.2" stroke-dasharray="2 3"');
  text(P.x1 + 4, y(1) + 4, 'raw = 1', 'fill="#6b7280" font-size="11"');
  text(P.x0, P.y0 - 12, 'bars: contender / raw, same round · red dashed: kpeer target', 'fill="#555" font-size="11"');

  const gw = (P.x1 - P.x0) / Math.max(1, workloads.length);
  workloads.forEach((w, gi) => {
    const gx = P.x0 + gi * gw;
    const n = w.contenders.length;
    const bw = Math.min(30, (gw - 30) / n);
    const bx0 = gx + (gw - n * bw - (n - 1) * 6) / 2;
    w.contenders.forEach((c, i) => {
      const r = w.summary[c];
      const x = bx0 + i * (bw + 6);
      if (r.unsupported || !Number.isFinite(r.ratio)) {
        text(x + bw / 2, P.y1 - 6, r.unsupported ? 'n/a' : 'fail', `text-anchor="middle" fill="#999" font-size="10" transform="rotate(-90 ${f2(x + bw / 2)} ${f2(P.y1 - 6)})"`);
        return;
      }
      rect(x, y(r.ratio), bw, P.y1 - y(r.ratio), `fill="${COLORS[c]}"`);
      const clipped = r.ratio > yMax;
      text(x + bw / 2, y(r.ratio) - 4, `${clipped ? '▲' : ''}${r.ratio.toFixed(2)}`, 'text-anchor="middle" font-size="10" fill="#111"');
    });
    if (w.target) {
      const ty = y(w.target.value);
      line(gx + 6, ty, gx + gw - 6, ty, 'stroke="#dc2626" stroke-width="1.8" stroke-dasharray="6 3"');
    }
    const label = (row, s, attrs) => text(gx + gw / 2, P.y1 + 18 + row * 14, s, `text-anchor="middle" ${attrs}`);
    label(0, w.title, 'fill="#111" font-weight="600"');
    label(1, w.kind === 'time' ? `${w.unit}, lower is better` : `${w.unit}, higher is better`, 'fill="#666" font-size="10"');
    const raw = w.summary.raw;
    if (raw && Number.isFinite(raw.median)) label(2, `raw: ${short(raw.median, w.unit)}`, 'fill="#666" font-size="10"');
    if (w.target) {
      const met = w.summary.kpeer?.met;
      label(3, `target ${w.target.op === '<=' ? '≤' : '≥'} ${w.target.value.toFixed(2)} ${met ? '✓' : '✗'}`,
        `font-size="10" font-weight="600" fill="${met ? '#15803d' : '#dc2626'}"`);
    }
  });

  // ---- right panel: bundle sizes (gzip -9)
  const B = { x0: 920, x1: 1085, y0: 80, y1: 400 };
  const bundle = results.bundle;
  const kb = (b) => b / 1024;
  const target = bundle[0].target ? kb(bundle[0].target.bytes) : 40;
  const bMax = Math.ceil(Math.max(target * 1.15, ...bundle.map((b) => kb(b.gzip) * 1.1)) / 10) * 10;
  const by = (v) => B.y1 - (v / bMax) * (B.y1 - B.y0);
  for (let v = 0; v <= bMax; v += bMax > 60 ? 20 : 10) {
    line(B.x0, by(v), B.x1, by(v), `stroke="${v === 0 ? '#333' : '#e5e7eb'}" stroke-width="1"`);
    text(B.x0 - 6, by(v) + 4, `${v}`, 'text-anchor="end" fill="#555"');
  }
  text(B.x0 - 36, (B.y0 + B.y1) / 2, 'KB, gzip -9', `transform="rotate(-90 ${B.x0 - 36} ${(B.y0 + B.y1) / 2})" text-anchor="middle" fill="#333"`);
  const bbw = 34;
  bundle.forEach((b, i) => {
    const x = B.x0 + 10 + i * (bbw + 18);
    rect(x, by(kb(b.gzip)), bbw, B.y1 - by(kb(b.gzip)), `fill="${COLORS[b.name] || '#999'}"`);
    text(x + bbw / 2, by(kb(b.gzip)) - 4, kb(b.gzip).toFixed(1), 'text-anchor="middle" font-size="10" fill="#111"');
    text(x + bbw / 2, B.y1 + 14, b.name, 'text-anchor="middle" font-size="10" fill="#111"');
  });
  const met = bundle[0].met;
  line(B.x0 + 2, by(target), B.x1, by(target), 'stroke="#dc2626" stroke-width="1.8" stroke-dasharray="6 3"');
  const bl = (row, s, attrs) => text((B.x0 + B.x1) / 2, B.y1 + 32 + row * 14, s, `text-anchor="middle" ${attrs}`);
  bl(0, 'bundle size', 'fill="#111" font-weight="600"');
  bl(1, 'kpeer = .js + .wasm', 'fill="#666" font-size="10"');
  bl(2, `target ≤ ${target} KB ${met ? '✓' : '✗'}`, `font-size="10" font-weight="600" fill="${met ? '#15803d' : '#dc2626'}"`);

  // ---- legend
  let lx = 60;
  const ly = H - 22;
  const legend = { raw: ['raw RTCPeerConnection (baseline)', 230], 'raw-again': ['raw again (noise floor)', 170] };
  for (const c of ['kpeer', 'raw', 'raw-again', 'simple-peer', 'peerjs']) {
    rect(lx, ly - 10, 12, 12, `fill="${COLORS[c]}"`);
    text(lx + 17, ly, legend[c]?.[0] ?? c, 'fill="#111"');
    lx += legend[c]?.[1] ?? 110;
  }
  line(lx, ly - 4, lx + 26, ly - 4, 'stroke="#dc2626" stroke-width="1.8" stroke-dasharray="6 3"');
  text(lx + 32, ly, 'kpeer target (✓ met, ✗ not met)', 'fill="#111"');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
