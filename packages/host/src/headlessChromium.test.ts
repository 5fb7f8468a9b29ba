import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The newcomer's path: `npm ci && npm test` on a machine with no system browser. The board-page
// tests use the chromium an npm package brings, unless CHROMIUM_PATH names a system one.
const SCRIPT = join(__dirname, '..', 'scripts', 'headlessChromium.mjs');
const run = (env: NodeJS.ProcessEnv) =>
  promisify(execFile)(process.execPath, [SCRIPT], { env: { ...env, PATH: '/nonexistent' } });

describe('the headless chromium for the board-page tests', () => {
  it('comes from npm (no chromium on PATH, no CHROMIUM_PATH)', async () => {
    const { stdout } = await run({ TMPDIR: process.env.TMPDIR ?? '/tmp' });
    const found = JSON.parse(stdout) as { executablePath: string; fontconfigPath: string };
    expect(found.executablePath).toMatch(/dealix-chromium-[\d.]+\/chromium$/);
    expect(existsSync(found.executablePath)).toBe(true);
    expect(existsSync(join(found.fontconfigPath, 'fonts.conf'))).toBe(true);
  }, 60_000);

  it('is the system browser CHROMIUM_PATH names, and a wrong path is a clear error', async () => {
    const { stdout } = await run({ CHROMIUM_PATH: process.execPath });
    expect(JSON.parse(stdout)).toEqual({ executablePath: process.execPath, fontconfigPath: null });
    await expect(run({ CHROMIUM_PATH: '/no/such/chromium' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('CHROMIUM_PATH is set to "/no/such/chromium"'),
    });
  });
});
