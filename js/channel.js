// KChannel: one label on a peer. Received messages come straight from the browser's
// RTCDataChannel to these flows (no C++ on the way in); sends go through the core's checks.
import { toKPeerError } from './errors.js';
import { EventHub } from './events.js';
import { ArrivalOrder, Flow, LiveStateFlow, StateFlow } from './flow.js';
import { wasm } from './wasm.js';

// Messages kept per flow for a listener that is not attached yet: the core's bound
// (src/core/ReplayLimits.h); passing it is reported by the core, with its message.
const MESSAGE_REPLAY_LIMIT = wasm.replayLimit(1);

export class KChannel {
  constructor(peer, id, label) {
    this._peer = peer;
    this._id = id;
    this.label = label;
    const report = (err) => peer._callbackFailed(err, this);
    const overflow = (dropped, taken) => { if (!peer._disposed) wasm.peerReplayOverflow(peer._wp, id, dropped, taken); };
    // Text and bytes kept for late listeners stay in the order they arrived in (flow.js).
    const order = new ArrivalOrder();
    this._text = new Flow({ replayLimit: MESSAGE_REPLAY_LIMIT, order, onOverflow: overflow, onCallbackError: report });
    this._bytes = new Flow({ replayLimit: MESSAGE_REPLAY_LIMIT, order, onOverflow: overflow, onCallbackError: report });
    this._state = new StateFlow('connecting', { onCallbackError: report });
    this._buffered = new LiveStateFlow(() => (peer._disposed ? 0 : wasm.peerBufferedAmount(peer._wp, id)), {
      onCallbackError: report,
      // While watched, the core reports the queue as it drains ('buffered' events) down to 0.
      onWatch: (on) => { if (!peer._disposed) wasm.peerWatchBuffered(peer._wp, id, on); },
    });
    this._low = new Flow({ onCallbackError: report });
    // Chunked channels: {received, total} as the frames of a large message arrive.
    this._progress = new Flow({ onCallbackError: report });
    this._errors = new Flow({ onCallbackError: (err) => peer._log('warn', `an 'error' listener threw: ${err}`) });
    this._hub = new EventHub({
      text: this._text, bytes: this._bytes, state: this._state, bufferedamountlow: this._low, error: this._errors,
      progress: this._progress,
    });
    // Set while the core grants send() the fast path straight to the browser (see send()).
    this._dc = null;
    this._directMaxBytes = 0;
    this._directMaxText = 0;
    // The browser's MessageEvent handler; bound once, installed as dc.onmessage by the adapter.
    this._onMessage = (e) => {
      const d = e.data;
      if (typeof d === 'string') this._text._emit(d);
      else this._bytes._emit(new Uint8Array(d));
    };
  }

  get text() { return this._text; }
  get bytes() { return this._bytes; }
  get state() { return this._state; }
  get bufferedAmount() { return this._buffered; }
  get progress() { return this._progress; }

  onText(cb) { return this._text.subscribe(cb); }
  onBytes(cb) { return this._bytes.subscribe(cb); }
  onState(cb) { return this._state.subscribe(cb); }
  onProgress(cb) { return this._progress.subscribe(cb); }
  on(name, cb) { return this._hub.on(name, cb); }
  off(name, cb) { this._hub.off(name, cb); }

  // true when the browser took the message; false (never a throw) otherwise.
  send(data) {
    if (this._peer._disposed) return false;
    const dc = this._dc;
    if (dc !== null) {
      // Granted by the core while the channel is open, plain and no write() waits: a string or
      // bytes within the core's limits go straight to the browser, no wasm call. Everything else
      // (and a browser refusal) takes the core's path, which checks, queues and reports. Views
      // other than Uint8Array go as a Uint8Array over the same bytes (node-datachannel sends a
      // DataView as nothing); the core's path does the same (PayloadTable).
      try {
        if (typeof data === 'string' ? data.length <= this._directMaxText
          : (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) && data.byteLength <= this._directMaxBytes) {
          dc.send(ArrayBuffer.isView(data) && !(data instanceof Uint8Array) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data);
          if (this._buffered.hasSubscribers) this._buffered.refresh();
          return true;
        }
      } catch { /* the core's path */ }
    }
    const sent = wasm.peerSend(this._peer._wp, this._id, data, this._peer._nextRequest());
    if (sent && this._buffered.hasSubscribers) this._buffered.refresh();
    return sent;
  }

  // Resolves once the message is queued and the send buffer is under the high-water mark.
  write(data) {
    if (this._peer._disposed) return Promise.reject(this._peer._disposedError());
    const request = this._peer._nextRequest();
    const r = wasm.peerWrite(this._peer._wp, this._id, data, request);
    if (this._buffered.hasSubscribers) this._buffered.refresh();
    if (r === null) return Promise.resolve();
    if (r.pending) return this._peer._awaitRequest(request);
    return Promise.reject(toKPeerError(r));
  }

  close() {
    if (this._peer._disposed) return;
    wasm.peerCloseChannel(this._peer._wp, this._id);
  }

  _error(err) {
    if (!this._errors._emit(err)) this._peer._log('warn', `channel '${this.label}': ${err.code}: ${err.message}`);
  }

  _setState(state) {
    this._state._set(state);
    if (state === 'closed') {
      this._text._complete();
      this._bytes._complete();
      this._state._complete();
      this._progress._complete();
    }
  }
}
