// A small static file server for the demo, the e2e tests and the benchmark (127.0.0.1 only).
// Serves .wasm as application/wasm (needed for streaming compilation) and can add headers,
// e.g. a strict Content-Security-Policy for the CSP test.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ts': 'text/plain; charset=utf-8',
};

// routes: { '/prefix/': { headers } } — extra headers for paths under a prefix.
export async function startStaticServer({ root, port = 0, host = '127.0.0.1', routes = {} }) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      let path = normalize(decodeURIComponent(url.pathname));
      if (path.endsWith('/')) path += 'index.html';
      const file = join(base, path);
      if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
      const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
      for (const [prefix, extra] of Object.entries(routes)) if (url.pathname.startsWith(prefix)) Object.assign(headers, extra.headers);
      res.writeHead(200, headers).end(await readFile(file));
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
    }
  });
  await new Promise((ok) => server.listen(port, host, ok));
  const { port: actual } = server.address();
  return { server, url: `http://${host}:${actual}`, close: () => new Promise((ok) => server.close(ok)) };
}
