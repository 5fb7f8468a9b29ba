import { tmpdir } from 'node:os';
import { TOKENS, startHarness } from '../__fixtures__/hostHarness';
import { runCli } from '../__fixtures__/runCli';

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { env, cwd: tmpdir() });

// Outsider findings: against a configured host `sandbox show` printed "DLX_E_HOST_NOT_FOUND: no
// route GET /api/v1/sandbox"; `--url notaurl` was "no host answers ... start it with npm start".
describe('the sandbox commands against a host that cannot be driven', () => {
  it('says a configured host is not in sandbox mode', async () => {
    const h = await startHarness({ tenants: { acme: { connectors: { good_echo: {} } } } });
    try {
      const url = h.host.url!;
      for (const args of [['show'], ['trigger', 'stripe', 'payment_succeeded']]) {
        const run = await cli(['sandbox', ...args, '--url', url, '--token', TOKENS.alice]);
        expect(run.code).toBe(1);
        expect(run.err).toBe(
          `the host at ${url} is not in sandbox mode (it has tenants configured): the sandbox commands drive a host started with no tenant`,
        );
      }
    } finally {
      await h.stop();
    }
  });

  it('refuses a --url or DLX_URL that is not an http(s) URL (exit 2)', async () => {
    for (const url of ['notaurl', 'ftp://127.0.0.1:4100', '127.0.0.1:4100']) {
      const run = await cli(['sandbox', 'show', '--url', url, '--token', TOKENS.alice]);
      expect([run.code, run.err]).toEqual([2, `--url: ${url} is not an http(s) URL`]);
    }
    const env = await cli(['sandbox', 'show', '--token', TOKENS.alice], { DLX_URL: 'notaurl' });
    expect([env.code, env.err]).toEqual([2, 'DLX_URL: notaurl is not an http(s) URL']);
  });
});
