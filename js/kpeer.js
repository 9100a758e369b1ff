// kpeer: WebRTC data channels, negotiated by a C++ core compiled to WebAssembly.
// The wasm module is loaded before this import resolves, so `new KPeer(...)` works at once.
import { wasm } from './wasm.js';

export { KPeer } from './peer.js';
export { KChannel } from './channel.js';
export { KPeerError } from './errors.js';

export const version = __KPEER_VERSION__;
export const ready = Promise.resolve();

// Test and diagnostics hooks: live wasm objects and emval handles, for leak checks.
export const diagnostics = {
  liveWebPeers: () => wasm.liveWebPeers(),
  emvalHandles: () => (typeof wasm.count_emval_handles === 'function' ? wasm.count_emval_handles() : -1),
  wasmHeapBytes: () => (wasm.HEAPU8 ? wasm.HEAPU8.length : -1),
};
