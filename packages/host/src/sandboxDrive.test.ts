import { join } from 'node:path';
import { SANDBOX_WEBHOOKS } from '@dealix/connector-testkit';
import { startHarness, type HostHarness } from './__fixtures__/hostHarness';
import { runCli } from './__fixtures__/runCli';

// Item "a sandbox a person can drive": `sandbox show` and `sandbox trigger` against a running
// host in sandbox mode, as `stripe listen` / `stripe trigger` are used.
const REPO_ROOT = join(__dirname, '..', '..', '..');

describe('driving the sandbox from the CLI', () => {
  let h: HostHarness;
  let op: string;
  beforeAll(async () => {
    h = await startHarness({ rootDir: REPO_ROOT });
    op = h.host.sandboxTokens!.operator;
  }, 60_000);
  afterAll(() => h?.stop());

  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { env, cwd: h.dir });

  it('sandbox show: each connector with its simulator URL, fault API, webhook URL and secrets', async () => {
    const text = await cli(['sandbox', 'show', '--url', h.host.url!, '--token', op]);
    expect(text.code).toBe(0);
    const stripe = h.host.sandbox!.configs.stripe;
    expect(text.out).toContain(`simulator:      ${h.host.sandbox!.simulators.stripe.baseUrl}`);
    expect(text.out).toContain(`webhook URL:    ${h.host.url}/webhooks/sandbox/stripe`);
    expect(text.out).toContain(`webhook_secret: ${String(stripe.webhook_secret)}`);
    // A connector that takes no webhooks shows none (it would refuse every delivery).
    expect(text.out).not.toContain(`${h.host.url}/webhooks/sandbox/email`);

    const json = await cli(['--json', 'sandbox', 'show'], { DLX_URL: h.host.url!, DLX_TOKEN: op });
    const view = JSON.parse(json.out) as {
      connectors: Array<{
        key: string;
        webhook_secrets: Record<string, string>;
        fault_api: string;
      }>;
    };
    const loaded = h.host.runtime
      .registered('sandbox')
      .map((rc) => rc.key)
      .sort();
    expect(view.connectors.map((c) => c.key)).toEqual(loaded);
    expect(view.connectors.find((c) => c.key === 'stripe')).toMatchObject({
      webhook_secrets: { webhook_secret: stripe.webhook_secret },
      fault_api: `${h.host.sandbox!.simulators.stripe.baseUrl}/__sim/faults`,
    });
  });

  it('sandbox trigger: every webhook event every sandbox connector declares lands in the outbox', async () => {
    const declared = h.host.runtime
      .registered('sandbox')
      .flatMap((rc) => (rc.manifest.webhook_events ?? []).map((event) => [rc.key, event] as const));
    expect(declared.length).toBeGreaterThan(0);
    // The sandbox maps exactly the events each loaded connector declares: none missing, none stale.
    for (const rc of h.host.runtime.registered('sandbox')) {
      const mapped = Object.keys(
        SANDBOX_WEBHOOKS[rc.key as keyof typeof SANDBOX_WEBHOOKS]?.events ?? {},
      );
      expect([rc.key, mapped.sort()]).toEqual([
        rc.key,
        [...(rc.manifest.webhook_events ?? [])].sort(),
      ]);
    }
    for (const [key, event] of declared) {
      const r = await cli(['sandbox', 'trigger', key, event, '--url', h.host.url!, '--token', op]);
      expect([key, event, r.code, r.err]).toEqual([key, event, 0, '']);
      expect(r.out).toMatch(
        new RegExp(`delivered ${event} \\(.+\\) to .+: HTTP 200, 1 event\\(s\\) accepted`),
      );
    }
    const events = await h.call('GET', '/api/v1/tenants/sandbox/events?after=0&limit=1000', {
      token: op,
    });
    const seen = events.json.events.map((e: { connector: string; type: string }) => [
      e.connector,
      e.type,
    ]);
    for (const pair of declared) expect(seen).toContainEqual([...pair]);

    // The cursor is opaque: a consumer pages on with next_after, one event at a time here.
    const paged: unknown[] = [];
    let after = '';
    for (;;) {
      const page = await h.call(
        'GET',
        `/api/v1/tenants/sandbox/events?after=${encodeURIComponent(after)}&limit=1`,
        { token: op },
      );
      expect(page.status).toBe(200);
      if (page.json.events.length === 0) {
        expect(page.json.next_after).toBe(after);
        break;
      }
      expect(typeof page.json.next_after).toBe('string');
      paged.push(...page.json.events);
      after = page.json.next_after;
    }
    expect(paged).toEqual(events.json.events);
    const bad = await h.call('GET', '/api/v1/tenants/sandbox/events?after=not-a-cursor', {
      token: op,
    });
    expect(bad).toMatchObject({
      status: 400,
      json: { error: { code: 'DLX_E_RUNTIME_INPUT_INVALID' } },
    });
  });

  it('names what it can trigger, and wants the operator token', async () => {
    const unknown = await cli([
      'sandbox',
      'trigger',
      'stripe',
      'nope',
      '--url',
      h.host.url!,
      '--token',
      op,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(
      'declares no webhook event "nope"; it declares payment_succeeded',
    );
    const viewer = await cli([
      'sandbox',
      'show',
      '--url',
      h.host.url!,
      '--token',
      h.host.sandboxTokens!.viewer,
    ]);
    expect([viewer.code, viewer.err]).toEqual([1, expect.stringContaining('DLX_E_HOST_FORBIDDEN')]);
    expect((await cli(['sandbox', 'show', '--url', h.host.url!])).code).toBe(2);
    // Sandbox tokens cover the sandbox tenant only.
    const foreign = await h.call('GET', '/api/v1/tenants/acme/approvals', { token: op });
    expect([foreign.status, foreign.json.error.code]).toEqual([403, 'DLX_E_HOST_TENANT_FORBIDDEN']);
    const nobody = await cli(['sandbox', 'show', '--url', 'http://127.0.0.1:1', '--token', op]);
    expect([nobody.code, nobody.err]).toEqual([
      1,
      expect.stringContaining('no host answers at http://127.0.0.1:1'),
    ]);
  });

  it('shows the sandbox secrets only in the show answer: never printed, never logged', () => {
    const secrets = Object.values(h.host.sandbox!.configs).flatMap((config) =>
      Object.entries(config)
        .filter(([field]) => /secret|token|key|password/.test(field))
        .map(([, value]) => String(value)),
    );
    expect(secrets.length).toBeGreaterThan(5);
    const output = [...h.logs, ...h.printed].join('\n');
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(h.printed.join('\n')).toContain('npx dealix-connectors sandbox show');
  });
});
