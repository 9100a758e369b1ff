// The application code of the package tests (tests/package/tarball.test.mjs): imports 'kpeer' by
// its bare name, as an application does. Loaded twice: by app.html through an import map, and by
// index.html through a Vite build. window.kpeerLoopback(text) connects two peers in this page and
// sends `text` over a channel; it resolves with what arrived, plus facts the test checks.
import * as kpeer from 'kpeer';
import { KPeer, KPeerError, ready, version } from 'kpeer';

const wasmUrls = () => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.wasm'));

window.kpeerLoopback = async (text) => {
  await ready;
  const a = new KPeer({ initiator: true, iceServers: [] });
  const b = new KPeer({ initiator: false, iceServers: [] });
  const failures = [];
  const fail = (e) => failures.push(`${e && e.code}: ${e && e.message}`);
  a.onSignal((s) => b.signal(JSON.parse(JSON.stringify(s))).catch(fail));
  b.onSignal((s) => a.signal(JSON.stringify(s)).catch(fail));
  a.on('error', fail);
  b.on('error', fail);
  const received = new Promise((resolve) => b.onChannel((ch) => ch.onText(resolve)));
  const chat = await a.createChannel({ label: 'chat' });
  chat.onState((s) => { if (s === 'open') chat.send(text); });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no message after 20 s: a=${a.connectionState.value} `
      + `b=${b.connectionState.value} chat=${chat.state.value} failures=[${failures.join('; ')}]`)), 20000);
  });
  try {
    const got = await Promise.race([received, timeout]);
    return {
      got,
      version,
      failures,
      wasm: wasmUrls(),
      errorClassOk: new KPeerError('closed', 'x') instanceof Error,
      exports: Object.keys(kpeer).sort(),
    };
  } finally {
    clearTimeout(timer);
    a.dispose();
    b.dispose();
  }
};
window.kpeerLoaded = true;
