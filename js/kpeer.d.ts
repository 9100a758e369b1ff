// Type definitions for kpeer: WebRTC data channels for the browser, negotiated by a C++ core
// compiled to WebAssembly. The reference with examples is docs/api.md.
//
// Needs TypeScript's "dom" library and es2018 or later (async iteration).

// ---------------------------------------------------------------------------------------------
// Module-level exports
// ---------------------------------------------------------------------------------------------

/** The package version, e.g. `'0.1.0'` (the `version` field of kpeer's package.json). */
export declare const version: string;

/**
 * Already resolved once `import 'kpeer'` has finished: the module loads its WebAssembly before
 * the import resolves (top-level await), so `new KPeer(...)` works at once. Awaiting it is never
 * needed; it exists for code that wants to be explicit.
 */
export declare const ready: Promise<void>;

/** Leak-check and debugging hooks. Not needed by applications; the numbers may change between versions. */
export declare const diagnostics: KPeerDiagnostics;

/** The shape of {@link diagnostics}. */
export interface KPeerDiagnostics {
  /** Peers whose wasm side is still alive (created and not yet disposed). */
  liveWebPeers(): number;
  /** JS values currently held by the wasm side, or -1 when the build cannot count them. */
  emvalHandles(): number;
  /** Size of the WebAssembly heap in bytes, or -1 when unknown. */
  wasmHeapBytes(): number;
}

// ---------------------------------------------------------------------------------------------
// Flows, subscriptions
// ---------------------------------------------------------------------------------------------

/** What `subscribe`, the `onX` callbacks and `on` return: stops that one callback. */
export interface KSubscription {
  /** Stops the callback. Cancelling twice is harmless. */
  cancel(): void;
}

/**
 * A stream of values, like a Kotlin `Flow`: iterate it with `for await`, or `subscribe` a
 * callback. Values that arrive while nobody listens are kept (bounded) and handed to the first
 * subscriber, so a listener attached a moment late misses nothing. Breaking out of a `for await`
 * loop unsubscribes it. Iteration ends when the flow completes: the peer's `signals`, `channels` and
 * `connectionState` at `close()` or `dispose()`, a channel's `text`, `bytes` and `state` once the
 * channel is `'closed'`.
 */
export interface Flow<T> extends AsyncIterable<T> {
  /** Calls `callback` with every value from now on (plus any kept values, for the first subscriber). */
  subscribe(callback: (value: T) => void): KSubscription;
  /** Async iteration; each iterator is its own subscriber. */
  [Symbol.asyncIterator](): AsyncIterableIterator<T>;
}

/**
 * A flow that always has a current value. Both `subscribe` and `for await` start with the
 * current value, then see every change.
 */
export interface StateFlow<T> extends Flow<T> {
  /** The current value. */
  readonly value: T;
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/** When local ICE candidates are emitted as `'ice'` signals. Each candidate is still its own signal. */
export interface KIceCandidateEmitPolicy {
  /** Milliseconds to collect a burst of candidates before emitting them; 0 emits each at once. Default 50. */
  flushInterval?: number;
  /** Emit early once this many candidates are waiting (at least 1); `null` = no limit (the default). */
  maxBatchSize?: number | null;
}

/**
 * Automatic ICE restart: after the connection has been `'disconnected'` for `disconnectedGraceMs`,
 * or at once when it is `'failed'` (never after a timeout, a lost connection or `close()`).
 */
export interface KIceRestartPolicy {
  /** Restart ICE automatically. Default `true`. */
  enabled?: boolean;
  /** How long the connection may stay `'disconnected'` before ICE is restarted, in ms (0 to 3600000). Default 3000. */
  disconnectedGraceMs?: number;
  /** Restarts tried per outage (0 to 1000); the count resets once connected again. Default 3. */
  maxAttempts?: number;
}

/**
 * Receives kpeer's log lines. Your own object is kept and its methods are called on it
 * (`logger.warn(message)`), so class instances and `console` work. Every method is optional: a
 * missing `debug` or `info` is skipped, a missing `warn` falls back to `console.warn`. A method
 * that throws is ignored.
 */
export interface KPeerLogger {
  /** Negotiation details (offers, candidates, signaling states). */
  debug?(message: string): void;
  /** Notable events, e.g. an automatic ICE restart. */
  info?(message: string): void;
  /** Problems, including `'error'` events that have no listener. */
  warn?(message: string): void;
}

/**
 * A WebRTC implementation for environments without one (Node.js), simple-peer style: the module
 * of `@roamhq/wrtc` or `node-datachannel/polyfill`. Only `RTCPeerConnection` is used.
 */
export interface KWebRtcImplementation {
  /** The implementation's `RTCPeerConnection` constructor. */
  RTCPeerConnection: new (configuration?: RTCConfiguration) => RTCPeerConnection;
  /** Not used by kpeer; implementations export it. */
  RTCSessionDescription?: unknown;
  /** Not used by kpeer; implementations export it. */
  RTCIceCandidate?: unknown;
}

/**
 * The argument of `new KPeer(config)`. Invalid values throw `KPeerError('invalid-config')`.
 * Apart from `logger` and `wrtc`, it must be plain data.
 */
export interface KPeerConfig {
  /** Required: `true` for the side that makes the first offer, `false` for the side that waits for it. */
  initiator: boolean;
  /** STUN/TURN servers, as for `RTCPeerConnection`. Default: four public Google STUN servers. `[]` = host candidates only. */
  iceServers?: RTCIceServer[];
  /** When local candidates are emitted. Default `{ flushInterval: 50, maxBatchSize: null }`. */
  iceCandidateEmitPolicy?: KIceCandidateEmitPolicy;
  /**
   * `null` or `0` (the default): wait forever. Otherwise the connection state becomes `'failed'`, the
   * transport is closed and an `'error'` event with code `'connection-timeout'` is raised when the
   * peer has not connected within this many milliseconds.
   */
  connectionTimeoutMs?: number | null;
  /**
   * Default 8000. Once the peer has been connected: when it is not connected again this many
   * milliseconds after leaving `'connected'` (the other side closed, crashed or went offline), the
   * state becomes `'failed'` (final), an `'error'` event with code `'connection-lost'` is raised
   * and the connection is closed, its channels with it. Automatic ICE restarts happen within this
   * window. `null` or `0`: never give up. At most 24 h.
   */
  disconnectTimeoutMs?: number | null;
  /** Automatic ICE restart: `true` (the default policy), `false` (off), or the detailed policy. */
  iceRestart?: boolean | KIceRestartPolicy;
  /** `'all'` (the default) or `'relay'` (only TURN-relayed paths). */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Where log lines go; must be an object when given. Default: warnings to `console.warn`. */
  logger?: KPeerLogger;
  /**
   * The WebRTC implementation, for Node.js (`import wrtc from '@roamhq/wrtc'`). Default: the global
   * `RTCPeerConnection` (browsers). Without either, `new KPeer()` throws `'invalid-config'`.
   */
  wrtc?: KWebRtcImplementation;
}

/**
 * The argument of `peer.createChannel(config)`. Invalid values reject with
 * `KPeerError('invalid-channel-config')`. A channel announced by the remote side gets the default
 * (adaptive) `highWaterMark` and `bufferedAmountLowThreshold`, and is chunked (64 MiB limit)
 * when announced with protocol `'kpeer-chunked/1'`.
 */
export interface KChannelConfig {
  /** Required: the channel's name, unique per peer (at most 65535 bytes). */
  label: string;
  /** Deliver in order. Default `true`; a chunked channel must be ordered. */
  ordered?: boolean;
  /** Default `true`; `false` means `maxRetransmits: 0` unless a limit is given. A chunked channel must be reliable. */
  reliable?: boolean;
  /** Give up on a message after this many retransmissions (0 to 65535). Not with `maxPacketLifeTime`. */
  maxRetransmits?: number;
  /** Give up on a message after this many milliseconds (0 to 65535). Not with `maxRetransmits`. */
  maxPacketLifeTime?: number;
  /** Sub-protocol name, announced to the remote side. Must be unset on a chunked channel (it announces `'kpeer-chunked/1'`). */
  protocol?: string;
  /** `true`: both sides create the channel themselves with the same `id`, nothing is announced. */
  negotiated?: boolean;
  /** Stream id (0 to 65534); only with `negotiated: true`, where it is required. */
  id?: number;
  /** `bufferedAmount` (bytes) at or below which `'bufferedamountlow'` fires. Default, and at most: half the high-water mark (a quarter when it is 64 KiB or less). */
  bufferedAmountLowThreshold?: number;
  /**
   * `write()` waits while this many bytes are queued to send (1 byte to 15 MiB). Default: adaptive,
   * from 64 KiB for large messages (the fastest setting for bulk transfers measured in `bench/`) up
   * to 1 MiB for small ones (SCTP bundles small messages only when many are queued): about
   * 2^30 / the typical size of the messages written, as a power of two.
   */
  highWaterMark?: number;
  /**
   * Chunked mode (default `false`): messages of any size up to `maxMessageSize` (bytes, 1 to 1 GiB;
   * default 64 MiB) are split into frames of at most 64 KiB and reassembled on the other side,
   * which reports `progress`. The channel is announced with protocol `'kpeer-chunked/1'`, so
   * `protocol` must be unset and both sides must be kpeer; it must be ordered and reliable.
   * `send()` and `write()` take strings, `ArrayBuffer`s and views, not `Blob`s. `true` = `{}`.
   */
  chunked?: boolean | { maxMessageSize?: number };
}

// ---------------------------------------------------------------------------------------------
// Signals
// ---------------------------------------------------------------------------------------------

/** An SDP offer. */
export interface KOfferSignal {
  type: 'offer';
  sdp: string;
}

/** An SDP answer. */
export interface KAnswerSignal {
  type: 'answer';
  sdp: string;
}

/** One ICE candidate (`candidate` is `''` for end-of-candidates). */
export interface KIceSignal {
  type: 'ice';
  candidate: string;
  /** Media section id; `sdpMid` or `sdpMLineIndex` must be set. */
  sdpMid: string | null;
  /** Media section index; `sdpMid` or `sdpMLineIndex` must be set. */
  sdpMLineIndex: number | null;
}

/**
 * What travels over your signaling transport: plain JSON-serializable objects, wire-compatible
 * with KPeer's own JS target. Pass each one from `peer.signals` to the other side's `signal()`.
 */
export type KPeerSignal = KOfferSignal | KAnswerSignal | KIceSignal;

// ---------------------------------------------------------------------------------------------
// States, errors, stats
// ---------------------------------------------------------------------------------------------

/** The state of a peer's connection. */
export type KPeerConnectionState = 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

/** The state of a data channel. */
export type KChannelState = 'connecting' | 'open' | 'closing' | 'closed';

/** The stable `code` of a {@link KPeerError}. */
export type KPeerErrorCode =
  | 'invalid-config'
  | 'invalid-signal'
  | 'invalid-channel-config'
  | 'negotiation-failed'
  | 'connection-timeout'
  | 'connection-lost'
  | 'closed'
  | 'disposed'
  | 'message-too-big'
  | 'invalid-data'
  | 'limit-exceeded'
  | 'unknown-channel'
  | 'callback-failed'
  | 'internal';

/** Every failure kpeer reports: thrown, used as a rejection reason, or delivered to `'error'` listeners. */
export declare class KPeerError extends Error {
  constructor(code: KPeerErrorCode, message: string, options?: { cause?: unknown });
  /** Always `'KPeerError'`. */
  name: 'KPeerError';
  /** What went wrong, as a stable string to branch on. */
  readonly code: KPeerErrorCode;
  /** For `'callback-failed'`: what your callback threw. */
  cause?: unknown;
}

/** One end of the selected candidate pair, copied from the browser's `RTCIceCandidateStats`. */
export interface KCandidateInfo {
  candidateType?: RTCIceCandidateType;
  address?: string;
  port?: number;
  protocol?: string;
  relayProtocol?: string;
  networkType?: string;
}

/** The candidate pair the connection uses. */
export interface KSelectedCandidatePair {
  /** The pair's id in {@link KPeerStatsReport.raw}. */
  id: string;
  /** e.g. `'succeeded'`. */
  state: string;
  local: KCandidateInfo | null;
  remote: KCandidateInfo | null;
}

/** What `peer.getStats()` resolves to: the path the connection takes, normalized, plus the browser's raw report. */
export interface KPeerStatsReport {
  /** `null` until a candidate pair is selected. */
  selectedPair: KSelectedCandidatePair | null;
  /** `true` when neither end is a TURN relay; `null` without a selected pair. */
  direct: boolean | null;
  /** `true` when traffic goes through a TURN relay; `null` without a selected pair. */
  relayed: boolean | null;
  /** Current round-trip time in milliseconds, or `null` when unknown. */
  rttMs: number | null;
  /** Bytes sent over the selected pair. */
  bytesSent: number;
  /** Bytes received over the selected pair. */
  bytesReceived: number;
  /** `'host'`, `'srflx'`, `'prflx'` or `'relay'`; `null` when unknown. */
  localCandidateType: RTCIceCandidateType | null;
  /** `'host'`, `'srflx'`, `'prflx'` or `'relay'`; `null` when unknown. */
  remoteCandidateType: RTCIceCandidateType | null;
  /** Data channels opened over the connection's lifetime. */
  dataChannelsOpened: number;
  /** Messages sent, summed over the data channels. */
  messagesSent: number;
  /** Messages received, summed over the data channels. */
  messagesReceived: number;
  /** The browser's report as returned by `RTCPeerConnection.getStats()`. */
  raw: RTCStatsReport;
}

// ---------------------------------------------------------------------------------------------
// KPeer
// ---------------------------------------------------------------------------------------------

/** One `RTCPeerConnection`, negotiated for you. */
export declare class KPeer {
  /** @throws {KPeerError} `'invalid-config'` when the configuration is invalid. */
  constructor(config: KPeerConfig);

  /** Signals to deliver to the remote side. Signals emitted before anyone subscribes go to the first subscriber. */
  readonly signals: Flow<KPeerSignal>;
  /** Every channel that becomes available (created here or announced by the remote side), each label once. */
  readonly channels: Flow<KChannel>;
  /** The connection state; starts at `'connecting'`. */
  readonly connectionState: StateFlow<KPeerConnectionState>;
  /**
   * The largest message the connection carries, in bytes (the connection's `sctp.maxMessageSize`
   * once a channel opened; 65536 before). 0 after `dispose()`. A chunked channel has its own
   * limit, `chunked.maxMessageSize`.
   */
  readonly maxMessageSize: number;

  /**
   * Feeds a signal from the remote side: the object or its JSON string. Rejects with `KPeerError`
   * (`'invalid-signal'` — also for a duplicate offer, one whose `o=` session version was already
   * applied —, `'negotiation-failed'`, `'limit-exceeded'`, `'closed'`, `'disposed'`); the peer stays
   * usable after a bad signal.
   */
  signal(signal: KPeerSignal | string): Promise<void>;
  /**
   * Opens a data channel (or returns the existing one with this label). Either side may call it,
   * before or after the connection is up; renegotiation happens automatically.
   */
  createChannel(config: KChannelConfig): Promise<KChannel>;
  /** Restarts ICE now (new candidates are emitted as signals). @throws {KPeerError} `'closed'` or `'disposed'`. */
  restartIce(): void;
  /** Normalized path statistics plus the raw browser report. Rejects with `KPeerError('disposed')` after `dispose()`. */
  getStats(): Promise<KPeerStatsReport>;
  /**
   * Closes the connection and every channel; the state becomes `'closed'` before it returns, and
   * the `signals`, `channels` and `connectionState` flows complete (running `for await` loops end).
   * Idempotent.
   */
  close(): void;
  /** `close()`, then frees everything, wasm side included. Later calls throw or reject with `KPeerError('disposed')`. Idempotent. */
  dispose(): void;

  /** `signals.subscribe(callback)`. */
  onSignal(callback: (signal: KPeerSignal) => void): KSubscription;
  /** `channels.subscribe(callback)`. */
  onChannel(callback: (channel: KChannel) => void): KSubscription;
  /** `connectionState.subscribe(callback)`: called at once with the current state, then on every change. */
  onConnectionState(callback: (state: KPeerConnectionState) => void): KSubscription;

  /** Event-emitter style: a signal to deliver to the remote side. */
  on(name: 'signal', callback: (signal: KPeerSignal) => void): KSubscription;
  /** Event-emitter style: a channel became available. */
  on(name: 'channel', callback: (channel: KChannel) => void): KSubscription;
  /** Event-emitter style: the current connection state at once, then every change. */
  on(name: 'connectionstate', callback: (state: KPeerConnectionState) => void): KSubscription;
  /** Event-emitter style: a failure not tied to a call (e.g. `'connection-timeout'`, `'connection-lost'`, `'callback-failed'`). Without a listener it is logged as a warning. */
  on(name: 'error', callback: (error: KPeerError) => void): KSubscription;
  /** Removes the most recent `on(name, callback)` registration of this callback. */
  off(name: 'signal', callback: (signal: KPeerSignal) => void): void;
  off(name: 'channel', callback: (channel: KChannel) => void): void;
  off(name: 'connectionstate', callback: (state: KPeerConnectionState) => void): void;
  off(name: 'error', callback: (error: KPeerError) => void): void;
}

// ---------------------------------------------------------------------------------------------
// KChannel
// ---------------------------------------------------------------------------------------------

/** One data channel. Get it from `peer.createChannel()` or `peer.channels`; it is not constructed directly. */
export declare class KChannel {
  private constructor();

  /** The channel's label. */
  readonly label: string;
  /** Received text messages. Messages that arrive before anyone listens are kept (bounded) for the first listener. */
  readonly text: Flow<string>;
  /** Received binary messages. Messages that arrive before anyone listens are kept (bounded) for the first listener. */
  readonly bytes: Flow<Uint8Array>;
  /** The channel state; starts at `'connecting'`. */
  readonly state: StateFlow<KChannelState>;
  /** Bytes queued to send; `.value` is read live from the browser. Subscribers are told after sends and writes, and every 50 ms while the queue drains, down to 0. */
  readonly bufferedAmount: StateFlow<number>;
  /**
   * Chunked channels, receiving side: `{ received, total }` (bytes) after each frame of a message
   * of more than one frame, the last with `received === total`, just before the message itself
   * arrives on `text` or `bytes`. Values are not kept for a late listener. Never fires on a plain
   * channel.
   */
  readonly progress: Flow<{ received: number; total: number }>;

  /**
   * Sends at once, or, while `write()`s are still waiting, queues behind them so order is kept
   * (a chunked channel queues its frames the same way). `true` when the message was taken (sent or
   * queued); `false` when the channel is not open or the message cannot be queued: larger than
   * `peer.maxMessageSize` (on a chunked channel: `chunked.maxMessageSize`) with
   * `'message-too-big'` on `'error'`, not a string, `ArrayBuffer`, view or `Blob` (a `Blob` on a
   * chunked channel) with `'invalid-data'` on `'error'`, or refused by the browser. Never throws.
   */
  send(data: string | ArrayBuffer | ArrayBufferView | Blob): boolean;
  /**
   * Sends with backpressure: resolves once the message is queued and `bufferedAmount` is below the
   * high-water mark; waits while the channel is connecting. Rejects with `KPeerError` `'closed'`
   * (the channel closed first), `'message-too-big'` (over `peer.maxMessageSize`, or
   * `chunked.maxMessageSize` on a chunked channel), `'invalid-data'` (also a `Blob` on a chunked
   * channel), `'limit-exceeded'` (4096 messages or frames waiting) or `'disposed'`.
   */
  write(data: string | ArrayBuffer | ArrayBufferView | Blob): Promise<void>;
  /** Closes this channel only. */
  close(): void;

  /** `text.subscribe(callback)`. */
  onText(callback: (text: string) => void): KSubscription;
  /** `bytes.subscribe(callback)`. */
  onBytes(callback: (bytes: Uint8Array) => void): KSubscription;
  /** `state.subscribe(callback)`: called at once with the current state, then on every change. */
  onState(callback: (state: KChannelState) => void): KSubscription;
  /** `progress.subscribe(callback)`: receive progress of large messages on a chunked channel. */
  onProgress(callback: (progress: { received: number; total: number }) => void): KSubscription;

  /** Event-emitter style: a text message. */
  on(name: 'text', callback: (text: string) => void): KSubscription;
  /** Event-emitter style: a binary message. */
  on(name: 'bytes', callback: (bytes: Uint8Array) => void): KSubscription;
  /** Event-emitter style: the current state at once, then every change. */
  on(name: 'state', callback: (state: KChannelState) => void): KSubscription;
  /** Event-emitter style: `bufferedAmount` fell to `bufferedAmountLowThreshold`. */
  on(name: 'bufferedamountlow', callback: () => void): KSubscription;
  /** Event-emitter style: receive progress of a large message on a chunked channel (see `progress`). */
  on(name: 'progress', callback: (progress: { received: number; total: number }) => void): KSubscription;
  /**
   * Event-emitter style: a failure on this channel: `'message-too-big'` (from `send()`, or an
   * incoming chunked message over this channel's limit, dropped), `'invalid-data'` (from `send()`, or a
   * malformed frame on a chunked channel), `'limit-exceeded'`, `'callback-failed'`, `'internal'`.
   */
  on(name: 'error', callback: (error: KPeerError) => void): KSubscription;
  /** Removes the most recent `on(name, callback)` registration of this callback. */
  off(name: 'text', callback: (text: string) => void): void;
  off(name: 'bytes', callback: (bytes: Uint8Array) => void): void;
  off(name: 'state', callback: (state: KChannelState) => void): void;
  off(name: 'bufferedamountlow', callback: () => void): void;
  off(name: 'progress', callback: (progress: { received: number; total: number }) => void): void;
  off(name: 'error', callback: (error: KPeerError) => void): void;
}
