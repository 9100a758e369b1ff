// Loads the wasm module once, before the package's import resolves (top-level await).
// The .wasm sits next to kpeer.js and is found through import.meta.url inside the glue.
import createKPeerModule from 'kpeer-wasm';

export const wasm = await createKPeerModule();
