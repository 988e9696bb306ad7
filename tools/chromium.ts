/**
 * Finds the Chromium the browser tests drive. Browsers cannot be downloaded here (no
 * `npx playwright install`): Debian's `chromium` package provides /usr/bin/chromium, and
 * `.ci/run` installs it on a fresh machine.
 */
import { existsSync } from 'node:fs';

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium; throws with what to install. */
export function resolveChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((path): path is string => Boolean(path));
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`no Chromium found (looked at ${candidates.join(', ')}): apt-get install chromium, or set CHROMIUM_PATH`);
  return found;
}

/**
 * Flags for headless Chromium as root in this sandbox: no sandbox (root), no GPU, and nothing
 * that phones home (the network is closed; background connections would only fail and slow it).
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--lang=de-DE',
];
