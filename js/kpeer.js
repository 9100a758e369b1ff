// kpeer: WebRTC data channels, negotiated by a C++ core compiled to WebAssembly.
// The wasm module is loaded before this import resolves, so `new KPeer(...)` works at once.
import { wasm } from './wasm.js';

export { KPeer } from './peer.js';
export { KChannel } from './channel.js';
export { KPeerError } from './errors.js';

export const version = __KPEER_VERSION__;
export const ready = Promise.resolve();

// Test and diagnostics hooks: live wasm objects and the JS values they hold, for leak checks.
// (emvalHandles keeps its name from when the wasm side held them through embind's emval.)
export const diagnostics = {
  liveWebPeers: () => wasm.liveWebPeers(),
  emvalHandles: () => wasm.jsHandles(),
  wasmHeapBytes: () => wasm.heapBytes(),
};
