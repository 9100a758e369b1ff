// Two devices: both pages join the same room on a tiny WebSocket relay (scripts/relay.mjs,
// started by `npm run demo -- --relay`) which forwards their signals; the relay says who is the
// initiator. After that, chat and files go peer to peer.
import { KPeer } from '/dist/kpeer.js';
import { el, badge, setBadge, randomHex } from './util.js';
import { SessionView } from './session.js';

const CONNECT_TIMEOUT_MS = 20000;

// "stun:a:3478, stun:b" → [{urls: ['stun:a:3478', 'stun:b']}]; empty → [] (host candidates only).
export function parseIceServers(text) {
  const urls = text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  return urls.length ? [{ urls }] : [];
}

export function startDevices(root) {
  const params = new URLSearchParams(location.search);
  const relayInput = el('input', { type: 'url', name: 'relay', required: true, spellcheck: false,
    value: params.get('relay') || `ws://${location.hostname || '127.0.0.1'}:8081` });
  const roomInput = el('input', { type: 'text', name: 'room', required: true, pattern: '[\\w.\\-]{1,64}', spellcheck: false,
    value: params.get('room') || `room-${randomHex(2)}` });
  const stunInput = el('input', { type: 'text', name: 'stun', spellcheck: false, value: params.get('stun') || '',
    placeholder: 'none: same network only · e.g. stun:stun.l.google.com:19302' });
  const joinButton = el('button', { type: 'submit', class: 'primary' }, 'Join room');
  const leaveButton = el('button', { type: 'button', class: 'ghost', hidden: true, onclick: () => leave('you left') }, 'Leave');
  const relayBadge = badge('offline');
  const relayText = el('span', { class: 'muted' }, 'Start the relay with ', el('code', {}, 'npm run demo -- --relay'), ', then join the same room on both devices.');
  const share = el('input', { type: 'text', readonly: true, class: 'share', 'aria-label': 'link for the other device', onfocus: (e) => e.target.select() });
  const copy = el('button', { type: 'button', class: 'ghost small', onclick: () => copyShare() }, 'Copy');
  const sessionRoot = el('div', { class: 'session' });

  const form = el('form', { class: 'card relay-form', onsubmit: (e) => { e.preventDefault(); join(); } },
    el('div', { class: 'fields' },
      el('label', {}, el('span', {}, 'Relay'), relayInput),
      el('label', {}, el('span', {}, 'Room'), roomInput),
      el('label', { class: 'wide' }, el('span', {}, 'STUN servers (optional)'), stunInput)),
    el('div', { class: 'form-actions' }, joinButton, leaveButton,
      el('span', { class: 'kv' }, el('span', { class: 'k' }, 'relay'), relayBadge), relayText),
    el('div', { class: 'share-line' }, el('span', { class: 'muted small' }, 'Link for the other device'), share, copy));
  root.replaceChildren(form, sessionRoot);
  const view = new SessionView(sessionRoot);

  let ws = null;
  let peer = null;

  const updateShare = () => {
    const u = new URL(location.href);
    u.search = '';
    u.searchParams.set('relay', relayInput.value.trim());
    u.searchParams.set('room', roomInput.value.trim());
    if (stunInput.value.trim()) u.searchParams.set('stun', stunInput.value.trim());
    u.hash = 'devices';
    share.value = u.href;
  };
  for (const i of [relayInput, roomInput, stunInput]) i.addEventListener('input', updateShare);
  updateShare();

  async function copyShare() {
    try { await navigator.clipboard.writeText(share.value); copy.textContent = 'Copied'; } catch {
      share.focus(); share.select(); copy.textContent = 'Press Ctrl+C';
    }
    setTimeout(() => { copy.textContent = 'Copy'; }, 1500);
  }

  const status = (state, text) => { setBadge(relayBadge, state); relayText.textContent = text; };
  const setJoined = (on) => {
    joinButton.hidden = on;
    leaveButton.hidden = !on;
    for (const i of [relayInput, roomInput, stunInput]) i.disabled = on;
  };

  function dropPeer(why) {
    if (!peer) return;
    view.detach();
    peer.dispose();
    peer = null;
    if (why) view.system(why);
  }

  function join() {
    leave();
    let url;
    try { url = new URL(relayInput.value.trim()); } catch { status('error', 'the relay URL looks wrong; expected ws://host:port'); return; }
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') { status('error', 'the relay URL must start with ws:// or wss://'); return; }
    const room = roomInput.value.trim();
    const iceServers = parseIceServers(stunInput.value);
    const socket = new WebSocket(url.href);
    ws = socket;
    setJoined(true);
    status('connecting', `connecting to ${url.host}…`);
    const send = (m) => { if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(m)); };
    socket.onopen = () => send({ type: 'join', room });
    socket.onmessage = (e) => {
      if (ws !== socket) return;
      let m;
      try { m = JSON.parse(e.data); } catch { return; }
      switch (m.type) {
        case 'joined':
          status('joined', m.members < 2 ? `in room “${room}” — waiting for the other device…` : `in room “${room}”`);
          break;
        case 'paired': {
          dropPeer();
          status('paired', `in room “${room}” with another device · ${m.initiator ? 'you are the initiator' : 'the other device is the initiator'}`);
          peer = new KPeer({ initiator: m.initiator, iceServers, connectionTimeoutMs: CONNECT_TIMEOUT_MS });
          const p = peer;
          p.onSignal((signal) => send({ type: 'signal', signal }));
          p.onConnectionState((s) => {
            if (s === 'failed' && p === peer) {
              view.system(iceServers.length
                ? 'could not connect: no route between the devices, even through STUN (a TURN server would be needed)'
                : 'could not connect: the devices may not see each other directly; try adding a STUN server');
            }
          });
          view.attach(p, { initiator: m.initiator, partnerName: 'other device' });
          view.system('paired through the relay; connecting peer to peer…');
          break;
        }
        case 'signal':
          peer?.signal(m.signal).catch((err) => { if (err.code !== 'disposed') view.system(`signal rejected: ${err.code}: ${err.message}`); });
          break;
        case 'peer-left':
          dropPeer('the other device left the room');
          status('joined', `in room “${room}” — waiting for the other device…`);
          break;
        case 'error':
          status('error', `relay: ${m.message}`);
          break;
        default: break;
      }
    };
    socket.onerror = () => { if (ws === socket) status('error', `cannot reach the relay at ${url.host} (is it running? npm run demo -- --relay)`); };
    socket.onclose = () => {
      if (ws !== socket) return;
      ws = null;
      setJoined(false);
      if (relayBadge.dataset.state !== 'error') {
        status('offline', peer ? 'relay connection closed; the peer-to-peer link stays up until it ends' : 'relay connection closed');
      }
    };
  }

  function leave(why) {
    const socket = ws;
    ws = null;
    socket?.close();
    dropPeer(why);
    setJoined(false);
    if (socket) status('offline', why || 'not connected');
  }

  if (params.get('relay') && params.get('room')) join();
  return { join, leave, get peer() { return peer; } };
}
