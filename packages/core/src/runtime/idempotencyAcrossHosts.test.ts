import type { DlxError } from '../errors/dlxError';
import { createMemoryStores } from '../stores/memory';
import { VirtualClock } from './clock';
import { GovernanceRuntime } from './governanceRuntime';
import {
  LEDGER_SECRET,
  ledgerManifestWith,
  rejectionOf,
  startHarness,
  type Harness,
} from './__fixtures__/runtimeHarness';
import { ledgerConnector } from './__fixtures__/ledgerConnector';

// Issue 17: the same key sent to two hosts at the same moment causes one vendor call; the
// second caller waits for the shared result up to its deadline, then gets 409
// DLX_E_IDEMPOTENCY_IN_PROGRESS, never a second call. Two runtimes on one store stand for two
// host processes on one database (no in-process sharing between them).
describe('one key on two hosts', () => {
  const charge = { amount: 70, customer_email: 'kim@example.com' };
  let h: Harness;
  let hosts: GovernanceRuntime[];
  let clock: VirtualClock;
  let stores: ReturnType<typeof createMemoryStores>;

  beforeEach(async () => {
    h = await startHarness();
    stores = createMemoryStores();
    clock = new VirtualClock();
    hosts = ['host-a', 'host-b'].map(
      (host_id) =>
        new GovernanceRuntime({
          stores,
          clock,
          leaseHolder: { host_id, boot_id: `${host_id}-1` },
          leaseMarginMs: 5_000,
        }),
    );
    for (const runtime of hosts) {
      await runtime.register({
        tenant: 'acme',
        plugin: ledgerConnector,
        // One attempt of 10 s: the deadline the second caller waits for is 10 s of the clock.
        manifest: ledgerManifestWith({ timeout_ms: 10_000, retry_max: 0, retry_backoff_ms: [] }),
        version: '1.2.3',
        config: { base_url: h.vendor.url, api_key: LEDGER_SECRET },
      });
    }
  });
  afterEach(async () => {
    for (const runtime of hosts) await runtime.shutdown(0);
    await h.stop().catch(() => undefined);
  });

  const send = (runtime: GovernanceRuntime, key: string) =>
    runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: key,
    });
  const untilVendorSaw = async (n: number) => {
    for (let i = 0; i < 400 && h.vendor.seen.length < n; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(h.vendor.seen).toHaveLength(n);
  };

  it('gives the second host the first host’s answer when it comes in time', async () => {
    h.vendor.script('/charges', { delayMs: 200, body: { id: 'ch_shared' } });
    const first = send(hosts[0]!, 'k-shared');
    await untilVendorSaw(1);
    const second = await send(hosts[1]!, 'k-shared');
    expect(await first).toMatchObject({ status: 'ok', output: { id: 'ch_shared' } });
    expect(second).toMatchObject({ status: 'ok', output: { id: 'ch_shared' }, replayed: true });
    expect(h.vendor.count('/charges')).toBe(1);
  });

  it('refuses the second host with DLX_E_IDEMPOTENCY_IN_PROGRESS once its deadline passes, sending nothing', async () => {
    h.vendor.script('/charges', { delayMs: 60_000 });
    const first = send(hosts[0]!, 'k-slow').catch((error: unknown) => error);
    await untilVendorSaw(1);
    const second = rejectionOf(h, () => send(hosts[1]!, 'k-slow'));
    // The second caller polls the store; its deadline passes on the runtime's clock.
    await new Promise((r) => setTimeout(r, 120));
    clock.advance(10_001);
    expect(await second).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_IN_PROGRESS',
      kind: 'idempotency_conflict',
      retryable: true,
      httpStatus: 409,
      details: {
        idempotency_key: 'k-slow',
        held_by: 'host-a',
        lease_expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
    // Outsider finding h4-F6: "still running on host-a" though host-a may be dead; the answer
    // now gives the lease that bounds the wait, and when to try again.
    const refusal = (await second) as unknown as DlxError;
    const leaseEnds = Date.parse(
      (refusal.details as { lease_expires_at: string }).lease_expires_at,
    );
    expect(refusal.message).toContain(`is held by host "host-a" under a lease until`);
    // The clock moves on a little between the refusal and this line.
    expect(refusal.retryAfterMs).toBeGreaterThan(1_000);
    expect(Math.abs(refusal.retryAfterMs! - (leaseEnds - clock.now()))).toBeLessThan(1_000);
    expect(h.vendor.count('/charges')).toBe(1);
    const refused = (await stores.audit.list()).find((r) => r.event === 'call_refused');
    expect(refused).toMatchObject({ error_code: 'DLX_E_IDEMPOTENCY_IN_PROGRESS' });
    await h.vendor.stop().catch(() => undefined);
    await first;
  });

  it('turns a dead host’s key unknown after its deadline plus leaseMarginMs, for the other host to see', async () => {
    h.vendor.script('/charges', { delayMs: 60_000 });
    const first = send(hosts[0]!, 'k-orphan').catch((error: unknown) => error);
    await untilVendorSaw(1);
    // host-a "dies" here: nothing settles its key. Before the lease lapses it is in flight...
    clock.advance(14_000);
    expect(await hosts[1]!.unknownOutcomes.list('acme')).toEqual([]);
    // ...after deadline (10 s) + margin (5 s) it is an unknown outcome, listed on host-b.
    clock.advance(1_001);
    expect(await hosts[1]!.unknownOutcomes.list('acme')).toEqual([
      expect.objectContaining({ idempotency_key: 'k-orphan', status: 'unresolved' }),
    ]);
    expect(await rejectionOf(h, () => send(hosts[1]!, 'k-orphan'))).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN',
    });
    expect(h.vendor.count('/charges')).toBe(1);
    await h.vendor.stop().catch(() => undefined);
    await first;
  });
});
