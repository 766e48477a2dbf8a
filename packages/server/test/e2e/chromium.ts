/** Finding and launching Debian's Chromium for the browser tests (no browser downloads here). */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const DEFAULT_PATH = '/usr/bin/chromium';

/** Where Chromium is expected: `CHROMIUM_PATH`, else the Debian package's path. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? DEFAULT_PATH;

/**
 * True when the browser tests can run. Without Chromium they are skipped with a message, except
 * in CI (`CI=true`), where a missing browser must fail the run rather than pass it silently.
 */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  const where = `Chromium not found at ${CHROMIUM_PATH}`;
  if (process.env['CI'] === 'true') {
    throw new Error(`${where} (set CHROMIUM_PATH): in CI the browser tests fail rather than skip`);
  }
  console.warn(`${where}; browser tests skipped (set CHROMIUM_PATH to run them)`);
  return false;
}

/**
 * Headless Chromium without sandbox, GPU or any background network traffic; `extraArgs` such as
 * `--host-resolver-rules=MAP name 127.0.0.1` to reach loopback under another host name.
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...extraArgs,
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
