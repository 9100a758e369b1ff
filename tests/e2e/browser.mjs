// Headless browsers for the e2e tests and the benchmark, nothing downloaded: Debian's
// /usr/bin/chromium driven by playwright-core, and Debian's /usr/bin/firefox-esr driven by
// puppeteer-core over WebDriver BiDi (playwright-core's BiDi path cannot open a page in it).
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  // plain host IPs instead of mDNS names, so pages in different contexts can reach each other
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--js-flags=--expose-gc',
];

export async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.KPEER_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS, // playwright gives each launch a fresh, empty profile
  });
}

// Prefs a loopback-only machine needs (../shared/notes/firefox-esr.md): without a media permission
// Firefox gathers only the default-route address, and none at all on loopback; host addresses as
// plain IPs so pages in different browsers reach each other.
export const FIREFOX_PREFS = {
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  'javascript.options.gc_on_memory_pressure': true,
};

export async function launchFirefox() {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.KPEER_FIREFOX || '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS, // a throwaway profile per launch
  });
}

// The browser the e2e suites run in: KPEER_BROWSER=firefox, else Chromium.
export const BROWSER = process.env.KPEER_BROWSER === 'firefox' ? 'firefox' : 'chromium';
