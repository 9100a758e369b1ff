// Loads the wasm module once, before the package's import resolves (top-level await).
// How the bytes are found differs per platform (kpeer-wasm-options: js/wasm-options.*.js).
import createKPeerModule from 'kpeer-wasm';
import { wasmOptions } from 'kpeer-wasm-options';

export const wasm = await createKPeerModule(await wasmOptions());
