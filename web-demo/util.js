// Small DOM and formatting helpers shared by the demo's modes.

// el('div', {class: 'x', onclick: f, dataset: {a: 1}}, child, 'text', [more])
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);

// A coloured pill for a connection or channel state; update with setBadge.
export function badge(text = '', extra = '') {
  const b = el('span', { class: `badge ${extra}` });
  setBadge(b, text);
  return b;
}
export function setBadge(b, state) {
  b.textContent = state;
  b.dataset.state = state;
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export const time = (d = new Date()) => d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

// Random lowercase hex (crypto.getRandomValues works in insecure contexts too).
export function randomHex(bytes = 4) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

// Keep a scrolled-to-bottom log at the bottom as lines are added.
export function appendScrolled(list, node) {
  const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.append(node);
  if (stick) list.scrollTop = list.scrollHeight;
}

// Calls fn at most once per animation frame (progress bars).
export function perFrame(fn) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; fn(); });
  };
}

// A one-line summary of a KPeerSignal for the signal log.
export function describeSignal(s) {
  if (s.type === 'offer' || s.type === 'answer') return `${s.type} · ${formatBytes(s.sdp.length)} SDP`;
  if (s.type === 'ice') {
    if (!s.candidate) return 'ice · end of candidates';
    const parts = s.candidate.split(' ');
    const typ = parts[parts.indexOf('typ') + 1] || '?';
    return `ice · ${typ} ${(parts[2] || '').toLowerCase()} ${parts[4] || ''}:${parts[5] || ''}`;
  }
  return s.type || 'signal';
}
