// Browsers and bundlers: the glue fetches kpeer.wasm next to kpeer.js (import.meta.url).
export const wasmOptions = async () => ({});
