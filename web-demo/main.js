// The demo's entry point: loads kpeer, then starts each mode the first time its tab is shown
// (a started mode keeps running in the background while another tab is shown).
import * as kpeer from '/dist/kpeer.js';
import { startLoopback } from './loopback.js';
import { startTwoTabs } from './two-tabs.js';
import { startDevices } from './devices.js';

window.kpeer = kpeer; // for poking around in the console
window.demo = {};
document.querySelector('.version').textContent = `v${kpeer.version}`;

const MODES = {
  loopback: (root) => startLoopback(root),
  tabs: (root) => startTwoTabs(root),
  devices: (root) => startDevices(root),
};
const tabs = [...document.querySelectorAll('[role=tab]')];

function show(mode) {
  if (!MODES[mode]) mode = 'loopback';
  for (const tab of tabs) {
    const on = tab.dataset.mode === mode;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !on;
  }
  if (!(mode in window.demo)) {
    const root = document.querySelector(`#mode-${mode} .stage`);
    try {
      window.demo[mode] = MODES[mode](root);
    } catch (e) {
      window.demo[mode] = null;
      root.replaceChildren(Object.assign(document.createElement('p'), { className: 'card warn', textContent: `Could not start: ${e.message}` }));
      console.error(e);
    }
  }
}

for (const tab of tabs) {
  tab.addEventListener('click', () => { history.replaceState(null, '', `#${tab.dataset.mode}`); show(tab.dataset.mode); });
  tab.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0);
    if (i !== tabs.indexOf(tab)) { const t = tabs[(i + tabs.length) % tabs.length]; t.focus(); t.click(); }
  });
}
window.addEventListener('hashchange', () => show(location.hash.slice(1)));
if (typeof RTCPeerConnection === 'undefined') document.getElementById('no-webrtc').hidden = false;
show(location.hash.slice(1));
document.body.dataset.ready = 'true';
