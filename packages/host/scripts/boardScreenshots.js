// Regenerates the README's board screenshots: starts the host in sandbox mode from the repo root
// (built packages), opens the board in the headless chromium of headlessChromium.mjs (the npm
// package's, or $CHROMIUM_PATH), writes docs/images/*.png.
// Usage: npm run build && node packages/host/scripts/boardScreenshots.js
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { chromium } = require('playwright-core');
const { startHost } = require('../dist');

async function main() {
  const root = join(__dirname, '..', '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'dlx-shot-'));
  const host = await startHost({
    rootDir: root,
    cwd: dir,
    port: 0,
    database: join(dir, 'db.sqlite'),
    print: () => {},
    logLevel: 'warn',
  });
  const found = JSON.parse(
    execFileSync(process.execPath, [join(__dirname, 'headlessChromium.mjs')], { encoding: 'utf8' }),
  );
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    ...(found.fontconfigPath && { env: { ...process.env, FONTCONFIG_PATH: found.fontconfigPath } }),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    // One governed call first, so the board shows recent activity.
    const stripe = host.sandbox.simulators.stripe;
    const created = await fetch(`${stripe.baseUrl}/v1/payment_intents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stripe.apiKey}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'amount=2500&currency=usd',
    }).then((r) => r.json());
    await host.runtime.execute('sandbox', 'stripe', 'retrieve_payment_intent', {
      input: { payment_intent: created.id },
      actor: 'readme',
    });
    for (const lang of ['en', 'ar']) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 420 } });
      await page.goto(`${host.url}/board?lang=${lang}`);
      await page.screenshot({
        path: join(root, 'docs', 'images', `board-${lang}.png`),
        fullPage: true,
      });
      await page.close();
    }
  } finally {
    await browser.close();
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
