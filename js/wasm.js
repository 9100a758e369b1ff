// Loads the wasm module once, before the package's import resolves (top-level await), and gives
// js/ its exports with JS values in and out (the `api` object of src/web/js-handles.pre.js: a
// value passed in becomes a handle the C++ side owns, a handle it returns is taken back as the
// value; see src/web/JsRef.h). How the bytes are found differs per platform (kpeer-wasm-options:
// js/wasm-options.*.js).
import createKPeerModule from 'kpeer-wasm';
import { wasmOptions } from 'kpeer-wasm-options';

const options = await wasmOptions();
// The minimal glue never settles when instantiation fails: bad bytes are refused here instead.
if (!WebAssembly.validate(options.wasm)) throw new Error('kpeer: kpeer.wasm is not a valid WebAssembly module (a damaged or wrong file?)');
export const wasm = (await createKPeerModule(options)).api;
