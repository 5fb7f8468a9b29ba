import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'headlessChromium.mjs');

/** Flags for a headless chromium in a container (root, no GPU, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches the browser that scripts/headlessChromium.mjs finds: `$CHROMIUM_PATH` (a system
 * browser) or the chromium `npm ci` brought (@sparticuz/chromium). Never a downloaded browser.
 */
export async function launchHeadlessChromium(): Promise<Browser> {
  const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT]);
  const found = JSON.parse(stdout) as { executablePath: string; fontconfigPath: string | null };
  return chromium.launch({
    executablePath: found.executablePath,
    args: CHROMIUM_ARGS,
    ...(found.fontconfigPath !== null && {
      env: { ...process.env, FONTCONFIG_PATH: found.fontconfigPath },
    }),
  });
}
