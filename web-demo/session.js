// Chat + file transfer over one KPeer, used by the "two tabs" and "two devices" modes.
//
// Channels: the initiator opens 'chat' and 'files'; both sides pick them up from
// peer.onChannel (which also reports the channels created locally).
// 'chat': text messages.
// 'files': one transfer at a time, in order, all sent with channel.write() so that the send
//   buffer stays bounded (backpressure) and text and bytes keep their order:
//     text  {kind:'file', id, name, size, type, sha256}   header
//     bytes ...                                            `size` bytes in chunks of ≤ 64 KB
//     text  {kind:'ack', id, ok, sha256}                   receiver → sender, after verifying
import { el, badge, setBadge, formatBytes, time, appendScrolled, perFrame, randomHex } from './util.js';
import { sha256Hex, hasSubtle } from './sha256.js';

const CHUNK = 64 * 1024;

export class SessionView {
  // root: an element to build into. partnerName: how the other side is called in the chat.
  constructor(root) {
    this.root = root;
    this.peer = null;
    this.subs = [];
    this.chat = null;
    this.files = null;
    this.incoming = null;
    this.outgoing = new Map();
    this.outbox = [];
    this.sending = false;
    this.partnerName = 'partner';
    this.build();
  }

  build() {
    this.connBadge = badge('idle');
    this.chatBadge = badge('—');
    this.filesBadge = badge('—');
    this.pathInfo = el('span', { class: 'path muted' });
    this.status = el('div', { class: 'status-row' },
      el('span', { class: 'kv' }, el('span', { class: 'k' }, 'connection'), this.connBadge),
      el('span', { class: 'kv' }, el('span', { class: 'k' }, '#chat'), this.chatBadge),
      el('span', { class: 'kv' }, el('span', { class: 'k' }, '#files'), this.filesBadge),
      this.pathInfo);

    this.chatLog = el('ol', { class: 'chat-log', 'aria-live': 'polite' },
      el('li', { class: 'empty muted' }, 'No messages yet.'));
    this.chatInput = el('input', { type: 'text', name: 'chat', placeholder: 'Write a message…', autocomplete: 'off', disabled: true });
    this.chatSend = el('button', { type: 'submit', class: 'primary', disabled: true }, 'Send');
    const form = el('form', { class: 'composer', onsubmit: (e) => { e.preventDefault(); this.sendChat(); } },
      this.chatInput, this.chatSend);

    this.fileInput = el('input', { type: 'file', multiple: true, class: 'visually-hidden', id: `file-${randomHex(3)}`, disabled: true,
      onchange: () => { this.queueFiles([...this.fileInput.files]); this.fileInput.value = ''; } });
    this.drop = el('label', { class: 'dropzone disabled', for: this.fileInput.id },
      el('span', { class: 'drop-icon', 'aria-hidden': 'true' }, '⇪'),
      el('span', {}, el('strong', {}, 'Choose files'), ' or drop them here'),
      el('span', { class: 'muted small' }, `sent in ${CHUNK / 1024} KB chunks with write() · SHA-256 checked on arrival${hasSubtle() ? '' : ' (JS fallback: not a secure context)'}`));
    this.drop.addEventListener('dragover', (e) => { e.preventDefault(); this.drop.classList.add('over'); });
    this.drop.addEventListener('dragleave', () => this.drop.classList.remove('over'));
    this.drop.addEventListener('drop', (e) => {
      e.preventDefault();
      this.drop.classList.remove('over');
      if (!this.fileInput.disabled) this.queueFiles([...e.dataTransfer.files]);
    });
    this.transfers = el('ol', { class: 'transfers' }, el('li', { class: 'empty muted' }, 'No files yet.'));

    this.root.replaceChildren(
      this.status,
      el('div', { class: 'session-grid' },
        el('section', { class: 'card chat-card' }, el('h3', {}, 'Chat'), this.chatLog, form),
        el('section', { class: 'card files-card' }, el('h3', {}, 'Files'), this.fileInput, this.drop, this.transfers)));
  }

  // Binds a connected-or-connecting peer to the view. The previous one is detached first.
  attach(peer, { initiator, partnerName = 'partner' }) {
    this.detach();
    this.peer = peer;
    this.partnerName = partnerName;
    this.subs.push(peer.onConnectionState((s) => {
      setBadge(this.connBadge, s);
      if (s === 'connected') this.showPath();
      else this.pathInfo.textContent = '';
    }));
    this.subs.push(peer.onChannel((ch) => this.adopt(ch)));
    this.subs.push(peer.on('error', (e) => this.system(`kpeer error: ${e.code}: ${e.message}`)));
    if (initiator) {
      for (const label of ['chat', 'files']) {
        peer.createChannel({ label }).catch((e) => this.system(`could not open #${label}: ${e.code || ''} ${e.message}`));
      }
    }
  }

  detach() {
    for (const s of this.subs) s.cancel();
    this.subs = [];
    this.failTransfers('connection ended');
    this.peer = null;
    this.chat = null;
    this.files = null;
    setBadge(this.connBadge, 'idle');
    setBadge(this.chatBadge, '—');
    setBadge(this.filesBadge, '—');
    this.pathInfo.textContent = '';
    this.setChatEnabled(false);
    this.fileInput.disabled = true;
    this.drop.classList.add('disabled');
  }

  adopt(ch) {
    if (ch.label === 'chat') {
      this.chat = ch;
      this.subs.push(ch.onState((s) => { setBadge(this.chatBadge, s); this.setChatEnabled(s === 'open'); }));
      this.subs.push(ch.onText((t) => this.addMessage('them', t)));
    } else if (ch.label === 'files') {
      this.files = ch;
      this.subs.push(ch.onState((s) => {
        setBadge(this.filesBadge, s);
        this.fileInput.disabled = s !== 'open';
        this.drop.classList.toggle('disabled', s !== 'open');
        if (s === 'open') this.pump();
        if (s === 'closed') this.failTransfers('channel closed');
      }));
      this.subs.push(ch.onText((t) => this.onFileControl(t)));
      this.subs.push(ch.onBytes((b) => this.onChunk(b)));
    }
  }

  async showPath() {
    const peer = this.peer;
    try {
      const stats = await peer.getStats();
      if (peer !== this.peer) return;
      if (!stats || !stats.selectedPair) return;
      const kind = stats.relayed ? 'relayed (TURN)' : 'direct';
      const types = stats.localCandidateType ? ` · ${stats.localCandidateType}↔${stats.remoteCandidateType}` : '';
      const rtt = typeof stats.rttMs === 'number' ? ` · RTT ${stats.rttMs.toFixed(1)} ms` : '';
      this.pathInfo.textContent = `path: ${kind}${types}${rtt}`;
    } catch { /* stats are a nicety */ }
  }

  setChatEnabled(on) {
    this.chatInput.disabled = !on;
    this.chatSend.disabled = !on;
  }

  // ---- chat

  sendChat() {
    const text = this.chatInput.value.trim();
    if (!text || !this.chat) return;
    if (this.chat.send(text)) {
      this.addMessage('me', text);
      this.chatInput.value = '';
    } else {
      this.system(`not sent: #chat is ${this.chat.state.value}`);
    }
    this.chatInput.focus();
  }

  addMessage(who, text) {
    this.chatLog.querySelector('.empty')?.remove();
    appendScrolled(this.chatLog, el('li', { class: `msg ${who}` },
      el('span', { class: 'who' }, who === 'me' ? 'you' : this.partnerName),
      el('span', { class: 'text' }, text),
      el('time', {}, time())));
  }

  system(text) {
    this.chatLog.querySelector('.empty')?.remove();
    appendScrolled(this.chatLog, el('li', { class: 'system' }, text));
  }

  // ---- files: sending

  queueFiles(files) {
    for (const file of files) {
      const item = new TransferItem(this.transfers, { dir: 'out', name: file.name, size: file.size });
      item.status('queued');
      this.outbox.push({ file, item });
    }
    this.pump();
  }

  async pump() {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.outbox.length && this.files && this.files.state.value === 'open') {
        const job = this.outbox.shift();
        await this.sendFile(job.file, job.item, this.files).catch((e) => job.item.fail(e.message || String(e)));
      }
    } finally {
      this.sending = false;
    }
  }

  async sendFile(file, item, ch) {
    item.status('hashing…');
    const bytes = new Uint8Array(await file.arrayBuffer());
    const sha256 = await sha256Hex(bytes);
    item.setHash(sha256);
    const id = randomHex(6);
    this.outgoing.set(id, item);
    item.id = id;
    await ch.write(JSON.stringify({ kind: 'file', id, name: file.name, size: bytes.length, type: file.type, sha256 }));
    const chunk = Math.min(CHUNK, this.peer?.maxMessageSize || CHUNK);
    const t0 = performance.now();
    item.state('sending');
    for (let off = 0; off < bytes.length; off += chunk) {
      const end = Math.min(off + chunk, bytes.length);
      await ch.write(bytes.subarray(off, end)); // resolves when the buffer is below its high-water mark
      item.progress(end, bytes.length, t0);
    }
    item.progress(bytes.length, bytes.length, t0);
    item.state('waiting');
    item.status('sent · waiting for the receiver to verify…');
  }

  // ---- files: receiving

  onFileControl(text) {
    let msg;
    try { msg = JSON.parse(text); } catch { return; }
    if (msg.kind === 'file') {
      if (this.incoming) this.incoming.item.fail('interrupted by a new file');
      const item = new TransferItem(this.transfers, { dir: 'in', name: msg.name, size: msg.size });
      item.state('receiving');
      this.incoming = { ...msg, chunks: [], received: 0, item, t0: performance.now(), redraw: null };
      this.incoming.redraw = perFrame(() => {
        const inc = this.incoming;
        if (inc && inc.item === item) item.progress(inc.received, inc.size, inc.t0);
      });
      if (msg.size === 0) this.finishIncoming();
    } else if (msg.kind === 'ack') {
      const item = this.outgoing.get(msg.id);
      if (!item) return;
      this.outgoing.delete(msg.id);
      if (msg.ok) { item.state('delivered'); item.status('✓ delivered · receiver verified the SHA-256'); } else {
        item.state('mismatch');
        item.status(`✗ receiver computed a different SHA-256 (${msg.sha256.slice(0, 12)}…)`);
      }
    }
  }

  onChunk(bytes) {
    const inc = this.incoming;
    if (!inc) return;
    inc.chunks.push(bytes);
    inc.received += bytes.byteLength;
    if (inc.received >= inc.size) this.finishIncoming();
    else inc.redraw();
  }

  async finishIncoming() {
    const inc = this.incoming;
    this.incoming = null;
    const { item } = inc;
    item.progress(inc.received, inc.size, inc.t0);
    item.status('verifying SHA-256…');
    const blob = new Blob(inc.chunks, { type: inc.type || 'application/octet-stream' });
    const sha256 = await sha256Hex(new Uint8Array(await blob.arrayBuffer()));
    const ok = sha256 === inc.sha256 && inc.received === inc.size;
    item.setHash(sha256, ok);
    item.state(ok ? 'verified' : 'mismatch');
    item.status(ok ? '✓ SHA-256 matches the sender\'s' : `✗ SHA-256 differs from the sender's (${inc.sha256.slice(0, 12)}…)`);
    item.download(blob, inc.name);
    this.files?.write(JSON.stringify({ kind: 'ack', id: inc.id, ok, sha256 })).catch(() => {});
  }

  failTransfers(reason) {
    if (this.incoming) { this.incoming.item.fail(reason); this.incoming = null; }
    for (const item of this.outgoing.values()) item.fail(reason);
    this.outgoing.clear();
    for (const job of this.outbox) job.item.fail(reason);
    this.outbox = [];
  }
}

// One row in the transfer list: name, size, progress bar, status line, hash, download link.
class TransferItem {
  constructor(list, { dir, name, size }) {
    list.querySelector('.empty')?.remove();
    this.size = size;
    this.fill = el('div', { class: 'fill' });
    this.bar = el('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' }, this.fill);
    this.pct = el('span', { class: 'pct' }, '0%');
    this.rate = el('span', { class: 'rate muted' });
    this.statusLine = el('div', { class: 'status-line muted' });
    this.hash = el('code', { class: 'hash' });
    this.link = el('span', { class: 'dl' });
    this.node = el('li', { class: 'transfer', dataset: { dir, state: 'queued', progress: '0' } },
      el('div', { class: 't-head' },
        el('span', { class: 'dir', title: dir === 'out' ? 'sending' : 'receiving' }, dir === 'out' ? '↑' : '↓'),
        el('span', { class: 't-name', title: name }, name),
        el('span', { class: 't-size muted' }, formatBytes(size))),
      this.bar,
      el('div', { class: 't-meta' }, this.pct, this.rate, this.link),
      this.statusLine,
      this.hash);
    list.prepend(this.node);
  }

  state(s) { this.node.dataset.state = s; }
  status(text) { this.statusLine.textContent = text; }

  progress(done, total, t0) {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    this.fill.style.width = `${pct}%`;
    this.bar.setAttribute('aria-valuenow', String(pct));
    this.node.dataset.progress = String(pct);
    this.pct.textContent = `${pct}%`;
    const secs = (performance.now() - t0) / 1000;
    if (secs > 0.05) this.rate.textContent = `${formatBytes(done)} of ${formatBytes(total)} · ${formatBytes(done / secs)}/s`;
  }

  setHash(hex, ok) {
    this.node.dataset.sha256 = hex;
    this.hash.textContent = `sha-256 ${hex}`;
    this.hash.title = hex;
    if (ok !== undefined) this.hash.classList.add(ok ? 'ok' : 'bad');
  }

  download(blob, name) {
    const a = el('a', { class: 'button small', href: URL.createObjectURL(blob), download: name }, 'Download');
    this.link.replaceChildren(a);
  }

  fail(reason) {
    if (['delivered', 'verified', 'mismatch'].includes(this.node.dataset.state)) return;
    this.state('failed');
    this.status(`✗ ${reason}`);
  }
}
