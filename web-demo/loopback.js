// Loopback: two KPeers in this page. Their signals are handed across directly (through a JSON
// round trip, as over a real transport) and shown on the "signaling wire" between them.
import { KPeer } from '/dist/kpeer.js';
import { el, badge, setBadge, appendScrolled, describeSignal, time } from './util.js';

export function startLoopback(root) {
  const wireLog = el('ol', { class: 'wire-log' });
  const wireCount = el('span', { class: 'muted small' }, '0 signals');
  let signalCount = 0;
  const panelA = new PeerPanel('A', 'initiator', '→ B');
  const panelB = new PeerPanel('B', 'responder', '→ A');
  const restart = el('button', { type: 'button', class: 'ghost', onclick: () => connect() }, '↻ Restart');
  const wire = el('section', { class: 'card wire' },
    el('h3', {}, 'Signaling', wireCount),
    el('p', { class: 'muted small' }, 'What a real app sends through its own server.'),
    wireLog, restart);
  root.replaceChildren(el('div', { class: 'loopback-grid' }, panelA.node, wire, panelB.node));

  let peers = [];

  function logSignal(from, to, s) {
    signalCount++;
    wireLog.querySelector('.empty')?.remove();
    wireCount.textContent = `${signalCount} signal${signalCount === 1 ? '' : 's'}`;
    appendScrolled(wireLog, el('li', { class: `sig from-${from.toLowerCase()}`, dataset: { type: s.type } },
      el('span', { class: 'arrow' }, from === 'A' ? 'A → B' : 'A ← B'),
      el('span', { class: 'what' }, describeSignal(s))));
  }

  function connect() {
    for (const p of peers) p.dispose();
    wireLog.replaceChildren(el('li', { class: 'empty muted' }, 'No signals yet.'));
    signalCount = 0;
    wireCount.textContent = '0 signals';
    const a = new KPeer({ initiator: true, iceServers: [] });
    const b = new KPeer({ initiator: false, iceServers: [] });
    peers = [a, b];
    const relay = (from, to, toName, name) => from.onSignal((s) => {
      logSignal(name, toName, s);
      to.signal(JSON.parse(JSON.stringify(s))).catch((e) => {
        if (e.code !== 'disposed') panelOf(to).system(`signal rejected: ${e.code}: ${e.message}`);
      });
    });
    const panelOf = (p) => (p === a ? panelA : panelB);
    panelA.attach(a);
    panelB.attach(b);
    relay(a, b, 'B', 'A');
    relay(b, a, 'A', 'B');
    panelA.openChannel('chat');
  }

  connect();
  return { get peers() { return peers; } };
}

// One side of the loopback: connection state, channels (with state and a close button),
// received and sent messages, a composer and an "open channel" form.
class PeerPanel {
  constructor(name, role) {
    this.name = name;
    this.peer = null;
    this.channels = new Map(); // label → {channel, row, option}
    this.created = 0;
    this.connBadge = badge('connecting');
    this.channelList = el('ul', { class: 'channel-list' });
    this.log = el('ol', { class: 'chat-log' });
    this.select = el('select', { name: 'channel', 'aria-label': 'channel to send on' });
    this.input = el('input', { type: 'text', name: 'message', placeholder: `Message from ${name}…`, autocomplete: 'off' });
    this.newLabel = el('input', { type: 'text', name: 'label', placeholder: 'new channel label', autocomplete: 'off' });
    this.node = el('section', { class: `card peer-panel peer-${name.toLowerCase()}` },
      el('header', { class: 'peer-head' },
        el('h3', {}, `Peer ${name}`, el('span', { class: 'role' }, role)),
        this.connBadge),
      el('div', { class: 'subhead' }, 'Channels'),
      this.channelList,
      el('form', { class: 'open-channel', onsubmit: (e) => { e.preventDefault(); this.openChannel(this.newLabel.value.trim()); this.newLabel.value = ''; } },
        this.newLabel, el('button', { type: 'submit', class: 'ghost' }, '+ Open channel')),
      el('div', { class: 'subhead' }, 'Messages'),
      this.log,
      el('form', { class: 'composer', onsubmit: (e) => { e.preventDefault(); this.send(); } },
        this.select, this.input, el('button', { type: 'submit', class: 'primary' }, 'Send')));
  }

  attach(peer) {
    this.peer = peer;
    this.channels.clear();
    this.channelList.replaceChildren();
    this.select.replaceChildren();
    this.log.replaceChildren(el('li', { class: 'empty muted' }, 'Nothing yet: type below, it shows up on the other side.'));
    peer.onConnectionState((s) => setBadge(this.connBadge, s));
    peer.onChannel((ch) => this.adopt(ch));
    peer.on('error', (e) => this.system(`error: ${e.code}: ${e.message}`));
  }

  openChannel(label) {
    const peer = this.peer;
    if (!label) label = `${this.name.toLowerCase()}-${++this.created}`;
    peer.createChannel({ label }).then(
      (ch) => { if (peer === this.peer) this.select.value = ch.label; },
      (e) => this.system(`createChannel('${label}') failed: ${e.code}: ${e.message}`));
  }

  adopt(ch) {
    const old = this.channels.get(ch.label);
    if (old && old.channel === ch) return;
    if (old) { old.row.remove(); old.option.remove(); } // a label closed earlier, opened again

    const state = badge(ch.state.value);
    const close = el('button', { type: 'button', class: 'icon', title: `close #${ch.label}`, 'aria-label': `close #${ch.label}`, onclick: () => ch.close() }, '×');
    const row = el('li', { dataset: { label: ch.label } }, el('span', { class: 'label' }, `#${ch.label}`), state, close);
    const option = el('option', { value: ch.label }, `#${ch.label}`);
    this.channelList.append(row);
    this.select.append(option);
    this.channels.set(ch.label, { channel: ch, row, option });
    ch.onState((s) => {
      setBadge(state, s);
      option.disabled = s !== 'open';
      close.disabled = s === 'closing' || s === 'closed';
      if (s === 'open' && (this.select.selectedOptions[0]?.disabled ?? true)) this.select.value = ch.label;
    });
    ch.onText((t) => this.message('them', ch.label, t));
    ch.onBytes((b) => this.message('them', ch.label, `‹${b.byteLength} bytes›`));
  }

  send() {
    const text = this.input.value.trim();
    const entry = this.channels.get(this.select.value);
    if (!text || !entry) return;
    if (entry.channel.send(text)) {
      this.message('me', entry.channel.label, text);
      this.input.value = '';
    } else {
      this.system(`not sent: #${entry.channel.label} is ${entry.channel.state.value}`);
    }
    this.input.focus();
  }

  message(who, label, text) {
    this.log.querySelector('.empty')?.remove();
    appendScrolled(this.log, el('li', { class: `msg ${who}` },
      el('span', { class: 'who' }, who === 'me' ? `${this.name} → #${label}` : `#${label}`),
      el('span', { class: 'text' }, text),
      el('time', {}, time())));
  }

  system(text) {
    this.log.querySelector('.empty')?.remove();
    appendScrolled(this.log, el('li', { class: 'system' }, text));
  }
}
