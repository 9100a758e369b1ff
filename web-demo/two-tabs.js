// Two tabs: tabs of this page find each other through a BroadcastChannel (same browser, same
// origin, no server) and carry their KPeer signals over it.
//
// Pairing (every message has `from`, and `to` once addressed):
//   hello        broadcast by a tab without a partner (on start, and after losing one)
//   pair         "I am free, let's pair" — answer to a hello
//   accept       answer to pair; both sides are now paired
//   busy / bye   "no" to a pair or accept; bye also ends a pairing (tab closing or reloading)
//   signal       a KPeerSignal for the partner
// The tab with the smaller id is the initiator, so both sides agree without another message.
// A reload is a new tab with a new id: the old one says bye on pagehide, its partner goes back
// to hello, and the reloaded tab answers it.
import { KPeer } from '/dist/kpeer.js';
import { el, badge, setBadge, randomHex } from './util.js';
import { SessionView } from './session.js';

const BUS = 'kpeer-demo-two-tabs';
const CONNECT_TIMEOUT_MS = 15000;
const DISCONNECTED_GRACE_MS = 5000;

export function startTwoTabs(root) {
  if (typeof BroadcastChannel === 'undefined') {
    root.replaceChildren(el('p', { class: 'card warn' }, 'This browser has no BroadcastChannel; use the two-devices mode instead.'));
    return null;
  }
  const me = randomHex(3);
  const bus = new BroadcastChannel(BUS);
  let partner = null; // {id, peer, timers}

  const meTag = el('code', { class: 'tab-id' }, `#${me}`);
  const partnerTag = el('span', { class: 'partner' }, 'looking for another tab…');
  const roleTag = el('span', { class: 'muted' });
  const pairBadge = badge('searching');
  const openTab = el('button', { type: 'button', class: 'primary', onclick: () => window.open(location.href, '_blank') }, 'Open a second tab');
  const sessionRoot = el('div', { class: 'session' });
  root.replaceChildren(
    el('div', { class: 'card pairing' },
      el('div', { class: 'pair-line' },
        el('span', {}, 'This tab ', meTag),
        el('span', { class: 'link-dots', 'aria-hidden': 'true' }),
        el('span', {}, partnerTag),
        pairBadge, roleTag),
      el('div', { class: 'pair-help' },
        el('span', { class: 'muted small' }, 'Tabs of this page pair up through a BroadcastChannel — no server involved. Reload either tab to re-pair.'),
        openTab)),
    sessionRoot);
  const view = new SessionView(sessionRoot);

  const post = (msg) => bus.postMessage({ ...msg, from: me });

  function hello() { post({ t: 'hello' }); }

  function pairWith(id) {
    const initiator = me < id;
    const peer = new KPeer({ initiator, iceServers: [] });
    partner = { id, peer, timers: new Set() };
    const p = partner;
    peer.onSignal((signal) => post({ t: 'signal', to: id, signal }));
    const giveUp = (why) => { if (partner === p) { post({ t: 'bye', to: id }); unpair(why); } };
    const later = (ms, fn) => { const t = setTimeout(() => { p.timers.delete(t); fn(); }, ms); p.timers.add(t); return t; };
    later(CONNECT_TIMEOUT_MS, () => { if (peer.connectionState.value !== 'connected') giveUp('could not connect in time'); });
    let grace = null;
    peer.onConnectionState((s) => {
      if (s === 'failed' || s === 'closed') giveUp(`connection ${s}`);
      else if (s === 'disconnected') grace = later(DISCONNECTED_GRACE_MS, () => { if (peer.connectionState.value === 'disconnected') giveUp('partner unreachable'); });
      else if (s === 'connected' && grace) { clearTimeout(grace); p.timers.delete(grace); grace = null; }
    });
    partnerTag.replaceChildren('paired with ', el('code', { class: 'tab-id' }, `#${id}`));
    setBadge(pairBadge, 'paired');
    roleTag.textContent = initiator ? 'you are the initiator (smaller id)' : 'the other tab is the initiator (smaller id)';
    openTab.hidden = true;
    view.attach(peer, { initiator, partnerName: `#${id}` });
    view.system(`paired with tab #${id}`);
  }

  function unpair(why, { quiet = false } = {}) {
    if (!partner) return;
    const { id, peer, timers } = partner;
    partner = null;
    for (const t of timers) clearTimeout(t);
    view.detach();
    peer.dispose();
    view.system(`tab #${id} left${why ? ` (${why})` : ''}`);
    partnerTag.textContent = 'looking for another tab…';
    setBadge(pairBadge, 'searching');
    roleTag.textContent = '';
    openTab.hidden = false;
    if (!quiet) hello();
  }

  bus.onmessage = ({ data: m }) => {
    if (!m || m.from === me || (m.to && m.to !== me)) return;
    switch (m.t) {
      case 'hello':
        if (!partner) post({ t: 'pair', to: m.from });
        break;
      case 'pair':
        if (!partner) { pairWith(m.from); post({ t: 'accept', to: m.from }); } else if (partner.id !== m.from) post({ t: 'busy', to: m.from });
        break;
      case 'accept':
        if (!partner) pairWith(m.from); else if (partner.id !== m.from) post({ t: 'bye', to: m.from });
        break;
      case 'bye':
        if (partner?.id === m.from) unpair();
        break;
      case 'signal':
        if (partner?.id === m.from) {
          partner.peer.signal(m.signal).catch((e) => { if (e.code !== 'disposed') view.system(`signal rejected: ${e.code}: ${e.message}`); });
        }
        break;
      default: break; // busy: stay free, another tab will answer our hello
    }
  };

  // Closing or reloading: tell the partner now rather than letting it time out. A page restored
  // from the back/forward cache starts looking again.
  window.addEventListener('pagehide', () => { if (partner) { post({ t: 'bye', to: partner.id }); unpair('', { quiet: true }); } });
  window.addEventListener('pageshow', (e) => { if (e.persisted && !partner) hello(); });
  hello();
  return { id: me, get partner() { return partner?.id ?? null; }, get peer() { return partner?.peer ?? null; } };
}
