import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchHeadlessChromium } from './__fixtures__/headlessChromium';
import { startHarness, type HostHarness, GOOD_PAYMENTS } from './__fixtures__/hostHarness';

const OUTPUT = join(__dirname, '..', 'test-output');

describe('the board page in a real headless browser', () => {
  let h: HostHarness;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    h = await startHarness({
      tenants: {
        acme: {
          connectors: {
            good_echo: {},
            good_payments: GOOD_PAYMENTS,
            health_failing: {},
            init_throws: {},
          },
        },
      },
      extraConfig: { open_read_routes: true },
    });
    browser = await launchHeadlessChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  async function rowsOf(lang: 'en' | 'ar') {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${h.host.url}/board?lang=${lang}`);
    const rows = await page.$$eval('tr[data-connector]', (trs) =>
      trs.map((tr) => ({
        key: tr.getAttribute('data-connector'),
        status: tr.getAttribute('data-status'),
        name: tr.querySelector('strong')?.textContent ?? '',
        badgeColor: (
          globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
        ).getComputedStyle(tr.querySelector('.badge')).backgroundColor,
      })),
    );
    const dir = await page.getAttribute('html', 'dir');
    await page.screenshot({ path: join(OUTPUT, `board-${lang}.png`), fullPage: true });
    await page.close();
    return { rows, dir };
  }

  it('shows every connector row in English, with status colours', async () => {
    const { rows, dir } = await rowsOf('en');
    expect(dir).toBe('ltr');
    const keys = rows.map((r) => r.key);
    for (const k of [
      'good_echo',
      'good_payments',
      'health_failing',
      'init_throws',
      'good_unconfigured',
    ])
      expect(keys).toContain(k);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.good_echo).toMatchObject({
      status: 'ok',
      name: 'Fixture good_echo',
      badgeColor: 'rgb(26, 127, 55)',
    });
    expect(byKey.init_throws).toMatchObject({ status: 'error', badgeColor: 'rgb(207, 34, 46)' });
    expect(byKey.health_failing).toMatchObject({
      status: 'degraded',
      badgeColor: 'rgb(191, 135, 0)',
    });
  });

  it('shows the same rows in Arabic, right to left, with Arabic names', async () => {
    const en = await rowsOf('en');
    const { rows, dir } = await rowsOf('ar');
    expect(dir).toBe('rtl');
    expect(rows.map((r) => r.key)).toEqual(en.rows.map((r) => r.key));
    expect(rows.find((r) => r.key === 'good_payments')!.name).toBe('مدفوعات تجريبية');
  });

  it('sends security headers, and under its CSP the styles apply and no script runs', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) refused.push(m.text());
    });
    const res = await page.goto(`${h.host.url}/board`);
    const headers = res!.headers();
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    const csp = headers['content-security-policy']!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('script-src');
    // The inline style is allowed by its hash: the status badge is green.
    const badge = await page.$eval(
      'tr[data-connector="good_echo"] .badge',
      (el) =>
        (
          globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
        ).getComputedStyle(el).backgroundColor,
    );
    expect(badge).toBe('rgb(26, 127, 55)');
    expect(refused).toEqual([]);
    // An injected inline script is refused.
    await page.addScriptTag({ content: 'globalThis.__injected = true;' }).catch(() => undefined);
    expect(await page.evaluate(() => (globalThis as { __injected?: boolean }).__injected)).toBe(
      undefined,
    );
    expect(refused.length).toBeGreaterThan(0);
    await page.close();
  });

  it('switches language with the link on the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${h.host.url}/board`);
    await page.click('a.lang');
    await page.waitForURL(/lang=ar/);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await page.close();
  });
});
