// Headless Chromium for the e2e tests and the benchmark: Debian's /usr/bin/chromium driven by
// playwright-core (nothing is downloaded).
import { chromium } from 'playwright-core';

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
