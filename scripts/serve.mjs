// `npm run demo`: serves the repository root (the demo lives at /web-demo/ and imports
// /dist/kpeer.js) and prints the demo URL. With --relay it also starts the WebSocket relay used
// by the demo's "two devices" mode.
//
//   node scripts/serve.mjs [--port 8080] [--relay] [--relay-port 8081] [--host 127.0.0.1]
//   npm run demo -- --relay
//
// PORT / RELAY_PORT in the environment work too. A port that is taken is replaced by a free one.
// --host 0.0.0.0 makes the demo reachable from other devices on your network (plain http: the
// page then falls back to its own SHA-256, since crypto.subtle needs a secure context).
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';
import { startRelay } from './relay.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice(name.length + 1) : argv[i + 1];
};

if (flag('--help') || flag('-h')) {
  console.log('usage: node scripts/serve.mjs [--port N] [--host H] [--relay] [--relay-port N]');
  process.exit(0);
}

const host = option('--host') ?? process.env.HOST ?? '127.0.0.1';
const wantPort = Number(option('--port') ?? process.env.PORT ?? 8080);
const wantRelayPort = Number(option('--relay-port') ?? process.env.RELAY_PORT ?? 8081);
for (const [name, p] of [['--port', wantPort], ['--relay-port', wantRelayPort]]) {
  if (!Number.isInteger(p) || p < 0 || p > 65535) { console.error(`serve: ${name} must be a port number (0-65535)`); process.exit(2); }
}

// The port itself when it can be bound on host, else 0 (= let the OS choose a free one).
const freeOr0 = (port) => new Promise((ok) => {
  if (port === 0) { ok(0); return; }
  const probe = createServer();
  probe.once('error', () => ok(0));
  probe.listen(port, host, () => probe.close(() => ok(port)));
});

if (!existsSync(new URL('../dist/kpeer.js', import.meta.url))) {
  console.warn('serve: dist/kpeer.js is missing; run `bash scripts/build.sh` (or `npm run demo`) first');
}

const port = await freeOr0(wantPort);
if (port !== wantPort) console.warn(`serve: port ${wantPort} is taken, using a free one`);
const server = await startStaticServer({ root: ROOT, port, host });

let relay = null;
if (flag('--relay')) {
  let relayPort = await freeOr0(wantRelayPort);
  if (relayPort === server.server.address().port) relayPort = 0;
  if (relayPort !== wantRelayPort) console.warn(`serve: relay port ${wantRelayPort} is taken, using a free one`);
  relay = await startRelay({ port: relayPort, host, log: (m) => console.log(`relay: ${m}`) });
}

const displayHost = (h) => (h === '0.0.0.0' || h === '::' ? '127.0.0.1' : h);
const httpPort = server.server.address().port;
const demo = `http://${displayHost(host)}:${httpPort}/web-demo/`;
console.log(`kpeer demo: ${demo}`);
if (relay) {
  const relayUrl = `ws://${displayHost(host)}:${relay.port}`;
  console.log(`kpeer relay: ${relayUrl}`);
  console.log(`two devices: ${demo}?relay=${relayUrl}#devices`);
}
if (host === '0.0.0.0' || host === '::') {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list || []) {
      if (a.family === 'IPv4' && !a.internal) {
        console.log(`on your network: http://${a.address}:${httpPort}/web-demo/${relay ? `?relay=ws://${a.address}:${relay.port}#devices` : ''}`);
      }
    }
  }
}
console.log('Ctrl+C to stop');

const stop = async () => {
  setTimeout(() => process.exit(0), 1000).unref(); // open keep-alive connections do not hold us
  await Promise.allSettled([server.close(), relay?.close()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
