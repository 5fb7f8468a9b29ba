import { join } from 'node:path';
import {
  startStripeSimulator,
  type SpawnedHost,
  type StripeSimulator,
} from '@dealix/connector-testkit';
import { AUDIT_KEY_B64, TOKENS } from './__fixtures__/hostHarness';
import { runCli } from './__fixtures__/runCli';
import { postJson } from './__fixtures__/postJson';
import { removeSpawnedHost, spawnHarnessHost } from './__fixtures__/spawnHarnessHost';

// Issue 9 item 4: after SIGKILL and a restart, approved keys answered
// DLX_E_APPROVAL_ALREADY_USED though most never reached the vendor, and a retry of an
// in-flight key hung ~90 s until the dead lease expired.
const REPO_ROOT = join(__dirname, '..', '..', '..');
const CREATE = '/api/v1/tenants/acme/connectors/stripe/operations/create_payment_intent';
const API_KEY = 'sk_test_CRASH0secret0key0a1b2c3d4e5f6a7b';
const WEBHOOK_SECRET = 'whsec_CRASH0signing0secret0f6e5d4c3b2a';
const KEYS = Array.from({ length: 20 }, (_, i) => `crash-order-${i + 1}`);
const payment = { amount: 1200, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' };

describe('a host killed with SIGKILL mid-burst, restarted on the same database', () => {
  let sim: StripeSimulator;
  let host: SpawnedHost;
  beforeAll(async () => {
    // The vendor runs in the test process, the host in its own: the kill takes only the host.
    sim = await startStripeSimulator({ apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET });
    host = await spawnHarnessHost({
      cwd: REPO_ROOT,
      config: {
        egress: { allow_loopback: true },
        tenants: {
          acme: {
            connectors: {
              stripe: {
                api_key: { env: 'STRIPE_KEY' },
                webhook_secret: { env: 'STRIPE_WHSEC' },
                base_url: sim.baseUrl,
              },
            },
          },
        },
      },
      env: { STRIPE_KEY: API_KEY, STRIPE_WHSEC: WEBHOOK_SECRET },
    });
  }, 60_000);
  afterAll(async () => {
    await removeSpawnedHost(host);
    await sim?.stop();
  });

  const post = (path: string, token: string, body?: unknown, key?: string) =>
    postJson(`${host.url}${path}`, token, body, key);

  it('allows loopback egress only because the config says so, and says so', async () => {
    expect(host.output()).toContain('egress.allow_loopback (tests only): loopback hosts');
    const board = await fetch(`${host.url}/api/v1/connectors/governance`, {
      headers: { authorization: `Bearer ${TOKENS.vic}` },
    });
    // The repository's other connector packages load too (listed, not configured for acme).
    expect(await board.json()).toMatchObject({
      egress: { allow_loopback: true },
      tenants: [
        {
          tenant: 'acme',
          connectors: expect.arrayContaining([
            expect.objectContaining({ connector_key: 'stripe', status: 'ok' }),
          ]),
        },
      ],
    });
  });

  it('costs no approval and no wait: every approved key charges once after the restart', async () => {
    const approvals: string[] = [];
    for (const key of KEYS) {
      const asked = await post(CREATE, TOKENS.alice, payment, key);
      expect(asked.status).toBe(202);
      const id = (asked.body as { approval_id: string }).approval_id;
      expect((await post(`/api/v1/tenants/acme/approvals/${id}/grant`, TOKENS.bob)).status).toBe(
        200,
      );
      approvals.push(id);
    }

    // Stripe takes its time; the burst is in flight when the host dies.
    sim.server.injectFault({ route: 'payment_intents.create', fault: { kind: 'delay', ms: 400 } });
    const burst = KEYS.map((key, i) =>
      post(`${CREATE}?approval_id=${approvals[i]}`, TOKENS.alice, payment, key).catch(() => null),
    );
    const reached = () => sim.server.requestsTo('payment_intents.create').length;
    for (let i = 0; i < 400 && reached() < 5; i++) await new Promise((r) => setTimeout(r, 10));
    expect(reached()).toBeGreaterThanOrEqual(5);
    expect(await host.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    await Promise.all(burst);
    sim.server.clearFaults();
    // Stripe finishes what reached it (its idempotency keys remember the answers).
    const created = () => sim.server.counters.get('payment_intents_created') ?? 0;
    for (let i = 0; i < 400 && created() < reached(); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const reachedBeforeCrash = reached();

    await host.restart();
    const answers = await Promise.all(
      KEYS.map(async (key, i) => {
        const res = await post(`${CREATE}?approval_id=${approvals[i]}`, TOKENS.alice, payment, key);
        return { status: res.status, body: res.body as Record<string, unknown> };
      }),
    );
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 200, body: { status: 'ok' } });
    }
    expect(reachedBeforeCrash).toBeLessThan(KEYS.length + 1);
    // One PaymentIntent per approved key: the re-sent keys that had reached Stripe were
    // answered by Stripe's own idempotency, the rest ran for the first time.
    expect(created()).toBe(KEYS.length);
    expect(sim.charges.size).toBe(KEYS.length);

    // The audit chain survived the kill: it verifies from the CLI, every call recorded once.
    await host.stop();
    const database = join(host.dir, 'host.db');
    const verify = await runCli(['audit', 'verify', '--database', database], {
      env: { DLX_AUDIT_KEY: AUDIT_KEY_B64 },
      cwd: host.dir,
    });
    expect(verify).toMatchObject({ code: 0 });
    const listed = await runCli(
      ['audit', 'list', '-t', 'acme', '--limit', '1000', '--json', '--database', database],
      { env: {}, cwd: host.dir },
    );
    const created_ = JSON.parse(listed.out) as Array<{ event: string; idempotency_key: string }>;
    const charged = created_.filter((r) => r.event === 'payment_intent_created');
    expect(new Set(charged.map((r) => r.idempotency_key))).toEqual(new Set(KEYS));
  }, 120_000);
});
