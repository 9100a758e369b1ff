// KPeer: one RTCPeerConnection. Decisions live in the wasm core; this class adapts them to
// Promises, flows, callbacks and events. Core events are queued and delivered in a microtask,
// so user callbacks never run inside wasm frames.
import { KChannel } from './channel.js';
import { KPeerError, toKPeerError } from './errors.js';
import { EventHub } from './events.js';
import { Flow, StateFlow, microtask } from './flow.js';
import { wasm } from './wasm.js';

// Signals kept for a subscriber that is not attached yet: the core's bound (src/core/ReplayLimits.h).
const SIGNAL_REPLAY_LIMIT = wasm.replayLimit(0);

export class KPeer {
  constructor(config) {
    const report = (err) => this._callbackFailed(err);
    this._signals = new Flow({
      replayLimit: SIGNAL_REPLAY_LIMIT, onCallbackError: report,
      // The core raises the 'limit-exceeded' error (its message) through the event queue.
      onOverflow: (dropped, taken) => { if (!this._disposed) wasm.peerReplayOverflow(this._wp, -1, dropped, taken); },
    });
    this._channels = new Flow({ replayLimit: Infinity, onCallbackError: report });
    this._state = new StateFlow('connecting', { onCallbackError: report });
    this._errors = new Flow({ onCallbackError: (err) => this._log('warn', `an 'error' listener threw: ${err}`) });
    this._hub = new EventHub({
      signal: this._signals, channel: this._channels, connectionstate: this._state, error: this._errors,
    });
    this._byId = new Map();
    this._pending = new Map();
    this._lastRequest = 0;
    this._queue = [];
    this._scheduled = false;
    this._disposed = false;
    // The wasm side (src/web/PeerApi.h) is named by a handle, passed to each wasm.peer* call.
    // The core reads and checks the config's fields itself (src/core/PeerConfigCodec.cpp).
    this._wp = wasm.peerCreate(config, {
      dispatch: (ev) => this._enqueue(ev),
      messageHandler: (id, label) => this._channelFor(id, label)._onMessage,
      // The core's grant (or revocation, dc = null) of the send() fast path (src/core/DataPlane.h).
      directSend: (id, dc, maxBytes, maxTextUnits) => {
        const ch = this._byId.get(id);
        if (ch) { ch._dc = dc; ch._directMaxBytes = maxBytes; ch._directMaxText = maxTextUnits; }
      },
    });
    const err = wasm.peerInitError(this._wp);
    if (err) {
      wasm.peerDelete(this._wp);
      this._disposed = true;
      throw toKPeerError(err);
    }
    // The user's own object (class instances included), called as logger.warn(...); the core
    // checked that it is an object.
    // A getter that throws now (it did not when the core read it) leaves the default logger.
    try { this._logger = config.logger; } catch { this._logger = undefined; }
  }

  get signals() { return this._signals; }
  get channels() { return this._channels; }
  get connectionState() { return this._state; }
  // The largest message the connection carries (sctp.maxMessageSize once connected).
  get maxMessageSize() { return this._disposed ? 0 : wasm.peerMaxMessageSize(this._wp); }

  onSignal(cb) { return this._signals.subscribe(cb); }
  onChannel(cb) { return this._channels.subscribe(cb); }
  onConnectionState(cb) { return this._state.subscribe(cb); }
  on(name, cb) { return this._hub.on(name, cb); }
  off(name, cb) { this._hub.off(name, cb); }

  signal(signal) {
    if (this._disposed) return Promise.reject(this._disposedError());
    const request = this._nextRequest();
    const err = wasm.peerSignal(this._wp, signal, request);
    if (err) return Promise.reject(toKPeerError(err));
    return this._awaitRequest(request);
  }

  async createChannel(config) {
    if (this._disposed) throw this._disposedError();
    const r = wasm.peerCreateChannel(this._wp, config, this._nextRequest());
    if (r.code) throw toKPeerError(r);
    return this._byId.get(r.id);
  }

  restartIce() {
    if (this._disposed) throw this._disposedError();
    const err = wasm.peerRestartIce(this._wp);
    if (err) throw toKPeerError(err);
  }

  getStats() {
    if (this._disposed) return Promise.reject(this._disposedError());
    // The adapter rejects with a plain {code, message} (an unknown handle): a KPeerError here.
    return wasm.peerGetStats(this._wp).catch((e) => { throw e && e.code ? toKPeerError(e) : e; });
  }

  close() {
    if (this._disposed) return;
    wasm.peerClose(this._wp);
    this._drain(); // 'closed' is visible as soon as close() returns
    // Nothing more can come: running for-await loops over the peer's flows end.
    this._signals._complete();
    this._channels._complete();
    this._state._complete();
  }

  dispose() {
    if (this._disposed) return;
    this.close();
    wasm.peerDispose(this._wp);
    this._drain();
    wasm.peerDelete(this._wp);
    this._disposed = true;
    const err = this._disposedError();
    for (const { reject } of this._pending.values()) reject(err);
    this._pending.clear();
    for (const ch of this._byId.values()) ch._setState('closed');
    this._byId.clear();
  }

  // ---- internal

  // The adapter owns the message: after dispose() the handle is gone, and wasm answers any call
  // on an unknown handle with its 'disposed' error.
  _disposedError() { return toKPeerError(wasm.peerInitError(this._wp)); }

  _nextRequest() { return ++this._lastRequest; }

  _awaitRequest(request) {
    return new Promise((resolve, reject) => this._pending.set(request, { resolve, reject }));
  }

  _channelFor(id, label) {
    let ch = this._byId.get(id);
    if (!ch) this._byId.set(id, (ch = new KChannel(this, id, label)));
    return ch;
  }

  _log(level, message) {
    try {
      if (this._logger && typeof this._logger[level] === 'function') this._logger[level](message);
      else if (level === 'warn') console.warn(`kpeer: ${message}`);
    } catch { /* a logger that throws is not our failure */ }
  }

  _error(err, channel) {
    if (channel) channel._error(err);
    else if (!this._errors._emit(err)) this._log('warn', `${err.code}: ${err.message}`);
  }

  _callbackFailed(err, channel) {
    this._error(new KPeerError('callback-failed', `a callback threw: ${err && err.message || err}`, { cause: err }), channel);
  }

  _enqueue(ev) {
    this._queue.push(ev);
    if (!this._scheduled) {
      this._scheduled = true;
      microtask(() => this._drain());
    }
  }

  _drain() {
    this._scheduled = false;
    const queue = this._queue;
    this._queue = [];
    for (const ev of queue) this._handle(ev);
  }

  _handle(ev) {
    switch (ev.t) {
      case 'signal': this._signals._emit(ev.signal); break;
      case 'state': this._state._set(ev.state); break;
      case 'channel': {
        const ch = this._byId.get(ev.id);
        if (ch) this._channels._emit(ch);
        break;
      }
      case 'chstate': {
        const ch = this._byId.get(ev.id);
        if (!ch) break;
        ch._setState(ev.state);
        if (ev.state === 'closed') this._byId.delete(ev.id);
        break;
      }
      case 'settled': {
        const p = this._pending.get(ev.request);
        if (!p) break;
        this._pending.delete(ev.request);
        if (ev.code) p.reject(toKPeerError(ev)); else p.resolve();
        break;
      }
      case 'error': this._error(toKPeerError(ev), ev.id !== undefined ? this._byId.get(ev.id) : undefined); break;
      case 'low': {
        const ch = this._byId.get(ev.id);
        if (ch) { ch._low._emit(undefined); if (ch._buffered.hasSubscribers) ch._buffered.refresh(); }
        break;
      }
      case 'buffered': {
        const ch = this._byId.get(ev.id);
        if (ch) ch._buffered.refresh();  // read now: sends may have come since the core's reading
        break;
      }
      case 'message': {
        const ch = this._byId.get(ev.id);
        if (ch) ch._onMessage(ev);
        break;
      }
      case 'progress': {
        const ch = this._byId.get(ev.id);
        if (ch) ch._progress._emit({ received: ev.received, total: ev.total });
        break;
      }
      case 'log': this._log(ev.level, ev.message); break;
      default: break;
    }
  }
}
