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
  peerCreate: (config, hooks) => M.peerCreate(ref(config), ref(hooks)),
  peerDelete: (p) => M.peerDelete(p),
  peerInitError: (p) => take(M.peerInitError(p)),
  peerSignal: (p, signal, request) => take(M.peerSignal(p, ref(signal), request)),
  peerCreateChannel: (p, config, request) => take(M.peerCreateChannel(p, ref(config), request)),
  peerCloseChannel: (p, channel) => take(M.peerCloseChannel(p, channel)),
  peerRestartIce: (p) => take(M.peerRestartIce(p)),
  peerSend: (p, channel, data, request) => M.peerSend(p, channel, ref(data), request) !== 0,
  peerWrite: (p, channel, data, request) => take(M.peerWrite(p, channel, ref(data), request)),
  peerBufferedAmount: (p, channel) => M.peerBufferedAmount(p, channel),
  peerMaxMessageSize: (p) => M.peerMaxMessageSize(p),
  peerGetStats: (p) => take(M.peerGetStats(p)),
  peerReplayOverflow: (p, channel, dropped, taken) => M.peerReplayOverflow(p, channel, dropped, taken ? 1 : 0),
  replayLimit: (which) => M.replayLimit(which),
  peerClose: (p) => M.peerClose(p),
  peerDispose: (p) => M.peerDispose(p),
  liveWebPeers: () => M.peerLiveCount(),
  // JS values the C++ side holds now (for leak checks).
  jsHandles: () => M.kpLive(),
  heapBytes: () => M.heapBytes(),
};
