// Browsers and bundlers: kpeer.wasm next to kpeer.js (import.meta.url; bundlers such as Vite see
// this pattern and emit the file). The glue instantiates the bytes (MINIMAL_RUNTIME).
export const wasmOptions = async () => {
  const url = new URL('kpeer.wasm', import.meta.url);
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`kpeer: failed to load ${url} (HTTP ${response.status})`);
  return { wasm: await response.arrayBuffer() };
};
