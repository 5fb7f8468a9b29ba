import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, TOKENS, type HostHarness } from '../__fixtures__/hostHarness';
import { loadHostConfig } from './loadHostConfig';

function configError(tenants: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'dlx-kitcfg-'));
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ tenants }));
  try {
    loadHostConfig('c.json', dir);
  } catch (error) {
    return (error as Error).message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('expected the config to be refused');
}

describe('tenants.<t>.limits and tenants.<t>.egress in the host config', () => {
  let h: HostHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("give a tenant's connector its own limits over the host-wide defaults", async () => {
    h = await startHarness({
      tenants: {
        acme: {
          connectors: { good_echo: {} },
          limits: { good_echo: { max_concurrency: 1, max_queue: 0 } },
        },
        globex: { connectors: { good_echo: {} } },
      },
      extraConfig: { limits: { max_concurrency: 7, initialize_timeout_ms: 300 } },
    });
    expect(h.host.runtime.get('acme', 'good_echo').kit.limiter.limits).toEqual({
      maxConcurrency: 1,
      maxRequestsPerSecond: undefined,
      maxQueue: 0,
    });
    expect(h.host.runtime.get('globex', 'good_echo').kit.limiter.limits).toMatchObject({
      maxConcurrency: 7,
    });
  });

  it('fail a call past the tenant queue at once: 503 DLX_E_RUNTIME_QUEUE_FULL with Retry-After', async () => {
    h = await startHarness({
      tenants: {
        acme: {
          connectors: { good_slow: {} },
          limits: { good_slow: { max_concurrency: 1, max_queue: 0 } },
        },
      },
    });
    const g = globalThis as { __slowStarted?: boolean };
    g.__slowStarted = false;
    const path = '/api/v1/tenants/acme/connectors/good_slow/operations/wait';
    const first = h.call('POST', path, { token: TOKENS.alice, body: { ms: 1_000 } });
    while (!g.__slowStarted) await new Promise((r) => setTimeout(r, 5));
    const second = await h.call('POST', path, { token: TOKENS.alice, body: { ms: 0 } });
    expect(second.status).toBe(503);
    expect(second.json.error).toMatchObject({
      code: 'DLX_E_RUNTIME_QUEUE_FULL',
      retryable: false,
      retry_after_ms: 1000,
    });
    expect((await first).status).toBe(200);
  });

  it("show each tenant's egress list in the startup report", async () => {
    h = await startHarness({
      tenants: {
        acme: {
          connectors: { good_echo: {} },
          egress: { good_echo: ['smtp.acme.com', '*.mail.acme.com'] },
        },
      },
    });
    expect(h.printed.join('\n')).toContain(
      'note: tenant "acme" lets connector "good_echo" reach smtp.acme.com, *.mail.acme.com (tenants.acme.egress.good_echo)',
    );
  });

  it('are refused with the path and what is allowed when malformed', () => {
    expect(
      configError({ acme: { connectors: {}, limits: { voice: { per_minute: 60 } } } }),
    ).toMatch(/tenants\.acme\.limits\.voice: Unrecognized key: "per_minute"/);
    expect(
      configError({ acme: { connectors: {}, limits: { voice: { max_concurrency: 0 } } } }),
    ).toMatch(/tenants\.acme\.limits\.voice\.max_concurrency/);
    expect(
      configError({ acme: { connectors: {}, egress: { email: ['https://smtp.acme.com'] } } }),
    ).toMatch(/tenants\.acme\.egress\.email\.0: must be a lower-case host name/);
    expect(configError({ acme: { connectors: {}, egress: { email: [] } } })).toMatch(
      /tenants\.acme\.egress\.email/,
    );
  });
});
