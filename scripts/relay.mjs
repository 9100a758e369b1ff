// A tiny WebSocket relay for the web demo's "two devices" mode: rooms of two members, JSON
// messages forwarded from one member to the other. It never looks inside what it forwards
// (offers, answers, ICE candidates, anything the page sends); it only tells each member who
// is there:
//   client → relay  {type:'join', room}                      first message, once
//   relay → client  {type:'joined', room, members}           members = 1 or 2 (you included)
//   relay → both    {type:'paired', initiator}               when the second member arrives;
//                                                            the member who was waiting is the initiator
//   relay → client  {type:'peer-left'}                       the other member went away
//   relay → client  {type:'error', message}                  e.g. room full, bad JSON; then closes
//   client → relay  anything else (a JSON object)            forwarded verbatim to the other member
//
// Run:    node scripts/relay.mjs [--port 8081] [--host 127.0.0.1]
// Import: const relay = await startRelay({ port: 0 }); relay.url; await relay.close();
import { WebSocketServer } from 'ws';
import { fileURLToPath } from 'node:url';

const MAX_MESSAGE = 256 * 1024; // SDP with many candidates stays far below this
const ROOM_NAME = /^[\w.\-]{1,64}$/;

export async function startRelay({ port = 8081, host = '127.0.0.1', log = () => {} } = {}) {
  const wss = new WebSocketServer({ port, host, maxPayload: MAX_MESSAGE });
  const rooms = new Map(); // name → [ws, ws?]

  const send = (ws, msg) => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg)); };
  const fail = (ws, message) => { send(ws, { type: 'error', message }); ws.close(1008, message.slice(0, 100)); };

  wss.on('connection', (ws, req) => {
    let room = null;
    const alive = setInterval(() => ws.ping(), 20000);
    log(`connection from ${req.socket.remoteAddress}`);

    ws.on('message', (data, isBinary) => {
      let msg;
      try { msg = JSON.parse(isBinary ? Buffer.from(data).toString('utf8') : data.toString()); } catch {
        fail(ws, 'messages must be JSON');
        return;
      }
      if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) { fail(ws, 'messages must be JSON objects'); return; }
      if (room === null) {
        if (msg.type !== 'join' || typeof msg.room !== 'string' || !ROOM_NAME.test(msg.room)) {
          fail(ws, 'first message must be {type:"join", room} (room: 1-64 letters, digits, . _ -)');
          return;
        }
        const members = rooms.get(msg.room) || [];
        if (members.length >= 2) { fail(ws, `room '${msg.room}' already has two members`); return; }
        room = msg.room;
        members.push(ws);
        rooms.set(room, members);
        send(ws, { type: 'joined', room, members: members.length });
        log(`join ${room} (${members.length}/2)`);
        if (members.length === 2) {
          send(members[0], { type: 'paired', initiator: true });
          send(members[1], { type: 'paired', initiator: false });
        }
        return;
      }
      const other = (rooms.get(room) || []).find((m) => m !== ws);
      if (other) send(other, msg);
    });

    ws.on('close', () => {
      clearInterval(alive);
      if (room === null) return;
      const members = (rooms.get(room) || []).filter((m) => m !== ws);
      if (members.length) { rooms.set(room, members); for (const m of members) send(m, { type: 'peer-left' }); } else rooms.delete(room);
      log(`leave ${room} (${members.length}/2)`);
    });
    ws.on('error', () => {});
  });

  await new Promise((ok, ko) => { wss.once('listening', ok); wss.once('error', ko); });
  const actual = wss.address().port;
  return {
    port: actual,
    url: `ws://${host}:${actual}`,
    rooms,
    close: () => new Promise((ok) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => ok());
    }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
  const port = Number(arg('--port') ?? process.env.RELAY_PORT ?? 8081);
  const host = arg('--host') ?? '127.0.0.1';
  const relay = await startRelay({ port, host, log: (m) => console.log(`relay: ${m}`) });
  console.log(`kpeer relay: ${relay.url}`);
}
