// Node: fetch() refuses file: URLs, so the bytes of kpeer.wasm (next to this file in dist/) are
// read from disk and handed to the glue. Nothing is downloaded.
import { readFile } from 'node:fs/promises';

export const wasmOptions = async () => ({ wasm: await readFile(new URL('./kpeer.wasm', import.meta.url)) });
