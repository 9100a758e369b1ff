// Loads the wasm module once, before the package's import resolves (top-level await), and gives
// js/ its exports with JS values in and out: a value passed in becomes a handle the C++ side owns
// (kpToRef), a handle it returns is taken back as the value (kpTake); see src/web/JsRef.h.
// How the bytes are found differs per platform (kpeer-wasm-options: js/wasm-options.*.js).
import createKPeerModule from 'kpeer-wasm';
import { wasmOptions } from 'kpeer-wasm-options';

const M = await createKPeerModule(await wasmOptions());
const ref = M.kpToRef;
const take = M.kpTake;

export const wasm = {
  peerCreate: (config, hooks) => M._peerCreate(ref(config), ref(hooks)),
  peerDelete: (p) => M._peerDelete(p),
  peerInitError: (p) => take(M._peerInitError(p)),
  peerSignal: (p, signal, request) => take(M._peerSignal(p, ref(signal), request)),
  peerCreateChannel: (p, config, request) => take(M._peerCreateChannel(p, ref(config), request)),
  peerCloseChannel: (p, channel) => take(M._peerCloseChannel(p, channel)),
  peerRestartIce: (p) => take(M._peerRestartIce(p)),
  peerSend: (p, channel, data, request) => M._peerSend(p, channel, ref(data), request) !== 0,
  peerWrite: (p, channel, data, request) => take(M._peerWrite(p, channel, ref(data), request)),
  peerBufferedAmount: (p, channel) => M._peerBufferedAmount(p, channel),
  peerMaxMessageSize: (p) => M._peerMaxMessageSize(p),
  peerGetStats: (p) => take(M._peerGetStats(p)),
  peerReplayOverflow: (p, channel, dropped, taken) => M._peerReplayOverflow(p, channel, dropped, taken ? 1 : 0),
  replayLimit: (which) => M._replayLimit(which),
  peerClose: (p) => M._peerClose(p),
  peerDispose: (p) => M._peerDispose(p),
  liveWebPeers: () => M._peerLiveCount(),
  // JS values the C++ side holds now (for leak checks).
  jsHandles: () => M.kpLive(),
  heapBytes: () => M.HEAPU8.length,
};
