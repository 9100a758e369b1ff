// A fresh Node app: two kpeer peers with node-datachannel exchange a message; prints JSON.
import { KPeer } from 'kpeer';
import * as wrtc from 'node-datachannel/polyfill';
import { cleanup } from 'node-datachannel';

const a = new KPeer({ initiator: true, iceServers: [], wrtc });
const b = new KPeer({ initiator: false, iceServers: [], wrtc });
a.onSignal((s) => b.signal(s).catch(() => {}));
b.onSignal((s) => a.signal(s).catch(() => {}));
const got = [];
const received = new Promise((ok) => b.onChannel((ch) => ch.onText((t) => { got.push(t); ok(); })));
const ch = await a.createChannel({ label: 'hello' });
await new Promise((ok) => ch.onState((s) => s === 'open' && ok()));
ch.send('hello from node');
await received;
const state = a.connectionState.value;
a.dispose();
b.dispose();
cleanup();
console.log(JSON.stringify({ entry: import.meta.resolve('kpeer'), got, state }));
