// A typed example of kpeer's three API styles, checked by `tsc -p tests/types/tsconfig.json`
// (never run). `import ... from 'kpeer'` resolves through package.json's "exports" map to
// dist/kpeer.d.ts, exactly as in an application that installed the package.
import {
  KChannel,
  KPeer,
  KPeerError,
  diagnostics,
  ready,
  version,
  type Flow,
  type KChannelConfig,
  type KChannelState,
  type KPeerConfig,
  type KPeerConnectionState,
  type KPeerErrorCode,
  type KPeerSignal,
  type KPeerStatsReport,
  type KSubscription,
  type StateFlow,
} from 'kpeer';

// Some signaling transport of the application's own.
declare const socket: { send(text: string): void; onmessage: ((e: { data: string }) => void) | null };

const config: KPeerConfig = {
  initiator: true,
  iceServers: [{ urls: ['stun:stun.example.org:3478'] }, { urls: 'turn:turn.example.org', username: 'u', credential: 'p' }],
  iceCandidateEmitPolicy: { flushInterval: 50, maxBatchSize: null },
  connectionTimeoutMs: null,
  disconnectTimeoutMs: 8000,
  iceRestart: { enabled: true, disconnectedGraceMs: 3000, maxAttempts: 3 },
  iceTransportPolicy: 'all',
  logger: { warn: (m: string) => console.warn(m) },
};

// ---- 1. flows with for await
export async function flows(): Promise<string[]> {
  await ready;
  const v: string = version;
  const peer = new KPeer(config);
  const signals: Flow<KPeerSignal> = peer.signals;
  (async () => {
    for await (const s of signals) {
      if (s.type === 'ice') {
        const mid: string | null = s.sdpMid;
        const index: number | null = s.sdpMLineIndex;
        socket.send(JSON.stringify({ ...s, mid, index }));
      } else {
        const sdp: string = s.sdp;
        socket.send(JSON.stringify({ type: s.type, sdp }));
      }
    }
  })();
  socket.onmessage = (e) => { peer.signal(e.data).catch((err: unknown) => console.warn(err)); };

  const state: StateFlow<KPeerConnectionState> = peer.connectionState;
  const now: KPeerConnectionState = state.value;
  for await (const s of state) {
    if (s === 'connected') break;
  }

  const chatConfig: KChannelConfig = { label: 'chat', ordered: true, reliable: false, maxRetransmits: 2, highWaterMark: 1 << 20 };
  const chat: KChannel = await peer.createChannel(chatConfig);
  for await (const s of chat.state) if (s === 'open') break;
  const sent: boolean = chat.send('hello');
  await chat.write(new Uint8Array([1, 2, 3]));
  await chat.write(new ArrayBuffer(8));
  chat.send(new DataView(new ArrayBuffer(4)));
  const pending: number = chat.bufferedAmount.value;

  const got: string[] = [v, now, String(sent), String(pending), String(peer.maxMessageSize)];
  for await (const text of chat.text) {
    got.push(text);
    if (got.length > 10) break;
  }
  for await (const bytes of chat.bytes) {
    const b: Uint8Array = bytes;
    got.push(String(b.byteLength));
    break;
  }
  for await (const ch of peer.channels) {
    got.push(ch.label);
    break;
  }

  // A chunked channel: messages larger than peer.maxMessageSize, with receive progress.
  const files: KChannel = await peer.createChannel({ label: 'files', chunked: { maxMessageSize: 256 << 20 } });
  const plainChunked: KChannelConfig = { label: 'blobs', chunked: true, highWaterMark: 65536, bufferedAmountLowThreshold: 16384 };
  await peer.createChannel(plainChunked);
  await files.write(new Uint8Array(100 << 20));
  const progress: Flow<{ received: number; total: number }> = files.progress;
  for await (const { received, total } of progress) {
    got.push(`${received}/${total}`);
    if (received === total) break;
  }
  peer.close(); // completes signals, channels and connectionState: loops over them end
  peer.dispose();
  return got;
}

// ---- 2. callbacks
export async function callbacks(): Promise<void> {
  const a = new KPeer({ initiator: true, iceServers: [] });
  const b = new KPeer({ initiator: false, iceServers: [], iceRestart: false, connectionTimeoutMs: 10_000, disconnectTimeoutMs: null });
  const subs: KSubscription[] = [
    a.onSignal((s) => { void b.signal(JSON.parse(JSON.stringify(s)) as KPeerSignal); }),
    b.onSignal((s) => { void a.signal(JSON.stringify(s)); }),
    b.onChannel((ch) => {
      ch.onText((t) => console.log('b got', t.toUpperCase()));
      ch.onBytes((bytes) => console.log('b got', bytes.length, 'bytes'));
      ch.onState((s: KChannelState) => console.log(ch.label, s));
      ch.onProgress((p) => console.log(ch.label, Math.round((100 * p.received) / p.total), '%'));
    }),
    a.onConnectionState((s) => console.log('a is', s)),
  ];
  const chat = await a.createChannel({ label: 'chat' });
  chat.onState((s) => { if (s === 'open') chat.send('hello'); });

  const stats: KPeerStatsReport = await a.getStats();
  const rtt: number | null = stats.rttMs;
  const type = stats.selectedPair?.local?.candidateType;
  console.log(rtt, type, stats.direct, stats.relayed, stats.bytesSent, stats.localCandidateType);
  stats.raw.forEach((entry: { type: string }) => console.log(entry.type));
  a.restartIce();
  for (const s of subs) s.cancel();
  chat.close();
  a.close();
  b.dispose();
  console.log(diagnostics.liveWebPeers(), diagnostics.emvalHandles(), diagnostics.wasmHeapBytes());
}

// ---- 3. on / off
export async function events(): Promise<void> {
  const peer = new KPeer({ initiator: false });
  const onSignal = (s: KPeerSignal) => socket.send(JSON.stringify(s));
  const onError = (e: KPeerError) => {
    const code: KPeerErrorCode = e.code;
    if (code === 'connection-timeout' || code === 'connection-lost') console.warn(e.message);
  };
  peer.on('signal', onSignal);
  peer.on('error', onError);
  const sub: KSubscription = peer.on('connectionstate', (s) => console.log(s));
  peer.on('channel', (ch) => {
    const onText = (t: string) => console.log(t);
    ch.on('text', onText);
    ch.on('bytes', (b) => console.log(b.byteLength));
    ch.on('state', (s) => console.log(s));
    ch.on('bufferedamountlow', () => console.log('drained'));
    const onProgress = ({ received, total }: { received: number; total: number }) => console.log(received, total);
    ch.on('progress', onProgress);
    ch.off('progress', onProgress);
    ch.on('error', (e) => console.warn(e.code));
    ch.off('text', onText);
  });
  peer.off('signal', onSignal);
  peer.off('error', onError);
  sub.cancel();

  try {
    await peer.signal({ type: 'offer', sdp: 'v=0\r\n' });
  } catch (e) {
    if (e instanceof KPeerError && e.code === 'invalid-signal') console.warn(e.message);
  }
  peer.dispose();
}

// ---- misuse the types reject
export function misuse(peer: KPeer, ch: KChannel): void {
  // @ts-expect-error: there is no 'message' event (it is 'text' or 'bytes')
  peer.on('message', () => {});
  // @ts-expect-error: a channel's text callback gets a string, not a Uint8Array
  ch.on('text', (t: Uint8Array) => console.log(t));
  // @ts-expect-error: 'open' is not a channel event
  ch.off('open', () => {});
  // @ts-expect-error: label is required
  void peer.createChannel({ ordered: true });
  // @ts-expect-error: initiator is required
  new KPeer({ iceServers: [] });
  // @ts-expect-error: iceServers are RTCIceServer objects, not URL strings
  new KPeer({ initiator: true, iceServers: ['stun:stun.example.org'] });
  // @ts-expect-error: not a signal type
  void peer.signal({ type: 'candidate', candidate: 'candidate:1' });
  // @ts-expect-error: KChannel is not constructed directly
  new KChannel();
  // @ts-expect-error: the state is read-only
  peer.connectionState.value = 'connected';
  // @ts-expect-error: no such error code
  const code: KPeerErrorCode = 'timeout';
  // @ts-expect-error: send() does not take numbers
  ch.send(42);
  // @ts-expect-error: chunked is a boolean or { maxMessageSize }
  void peer.createChannel({ label: 'files', chunked: 'yes' });
  // @ts-expect-error: progress values are { received, total }, not numbers
  ch.on('progress', (n: number) => console.log(n));
  // @ts-expect-error: disconnectTimeoutMs is a number or null
  new KPeer({ initiator: true, disconnectTimeoutMs: '8s' });
  void code;
}
