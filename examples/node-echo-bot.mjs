// A kpeer peer in Node.js that the web demo's "two devices" mode can talk to: it joins a room on
// scripts/relay.mjs, pairs with the browser page that joins the same room, and echoes every chat
// message back. Files sent to it are counted, not stored.
//
//   npm run demo -- --relay                      # serves web-demo/ and starts the relay on :8081
//   node examples/node-echo-bot.mjs [ws://127.0.0.1:8081] [room]
//   then open the demo's "Two devices" tab, join the same room, and chat.
//
// The WebRTC implementation is node-datachannel here; `import wrtc from '@roamhq/wrtc'` works the
// same way (see the README's Node.js section for which to pick).
import { KPeer } from 'kpeer';
import * as wrtc from 'node-datachannel/polyfill';
import { WebSocket } from 'ws';

export function startEchoBot({ relay = 'ws://127.0.0.1:8081', room = 'echo', log = console.log } = {}) {
  const socket = new WebSocket(relay);
  let peer = null;
  const send = (m) => { if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(m)); };
  const drop = () => { peer?.dispose(); peer = null; };

  socket.on('open', () => send({ type: 'join', room }));
  socket.on('message', (data) => {
    let m;
    try { m = JSON.parse(String(data)); } catch { return; }
    if (m.type === 'joined') log(`joined room '${room}' on ${relay}; waiting for a browser`);
    if (m.type === 'paired') {
      drop();
      const p = peer = new KPeer({ initiator: m.initiator, iceServers: [], wrtc });
      p.onSignal((signal) => send({ type: 'signal', signal }));
      p.onConnectionState((s) => log(`connection: ${s}`));
      p.onChannel((ch) => {
        log(`channel '${ch.label}'`);
        if (ch.label === 'chat') ch.onText((text) => { log(`< ${text}`); ch.send(`echo: ${text}`); });
        else { let bytes = 0; ch.onBytes((u) => { bytes += u.length; }); ch.onText(() => log(`'${ch.label}': ${bytes} bytes so far`)); }
      });
      // The demo's initiator opens 'chat' and 'files'; the other side picks them up.
      if (m.initiator) for (const label of ['chat', 'files']) p.createChannel({ label }).catch((e) => log(`${label}: ${e.message}`));
    }
    if (m.type === 'signal') peer?.signal(m.signal).catch((e) => log(`signal rejected: ${e.code}: ${e.message}`));
    if (m.type === 'peer-left') { log('the browser left'); drop(); }
    if (m.type === 'error') log(`relay: ${m.message}`);
  });
  socket.on('error', (e) => log(`relay unreachable: ${e.message}`));
  return {
    close: async () => {
      drop();
      socket.close();
      (await import('node-datachannel')).cleanup();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bot = startEchoBot({ relay: process.argv[2], room: process.argv[3] });
  process.on('SIGINT', () => bot.close().then(() => process.exit(0)));
}
