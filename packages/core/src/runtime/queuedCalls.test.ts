import type { IdempotencyStore } from '../stores/idempotencyStore';
import { createMemoryStores } from '../stores/memory';
import { VirtualClock } from './clock';
import { GovernanceRuntime } from './governanceRuntime';
import {
  LEDGER_SECRET,
  ledgerManifestWith,
  rejectionOf,
  useHarness,
} from './__fixtures__/runtimeHarness';
import { ledgerConnector } from './__fixtures__/ledgerConnector';
import { gate } from './__fixtures__/scriptedVendor';
import type { ConnectorLimitSettings } from './connectorLimits';

// h3-F3: a keyed call that waits for a slot before its first attempt has sent nothing. Its key
// says so (IdempotencyStore.markQueued), so a crash meanwhile releases the key rather than
// leaving an unknown outcome for a person, and the mark is off, durably, before it is sent.

const SCOPE = { tenant: 'acme', connector: 'ledger', operation: 'create_charge' };
const charge = (n: number) => ({ amount: n, customer_email: 'lee@example.com' });

/** Polls (in real time) until `check` holds: the store is written while calls wait. */
async function until(check: () => Promise<boolean>, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the condition never held');
}

const queuedOf = async (store: IdempotencyStore, key: string) =>
  (await store.get(SCOPE, key, Date.now()))?.queued === true;

describe('keyed calls waiting for a slot', () => {
  const harness = useHarness();

  /** A runtime of host "host-1" at `boot_id`, one slot per (tenant, connector) by default. */
  async function boot(
    stores: ReturnType<typeof createMemoryStores>,
    boot_id: string,
    limits: ConnectorLimitSettings = { maxConcurrency: 1 },
  ) {
    const runtime = new GovernanceRuntime({
      stores,
      clock: new VirtualClock(Date.now()),
      leaseHolder: { host_id: 'host-1', boot_id },
    });
    await runtime.register({
      tenant: 'acme',
      plugin: ledgerConnector,
      manifest: ledgerManifestWith({ timeout_ms: 120_000, retry_max: 0, retry_backoff_ms: [] }),
      version: '1.2.3',
      config: { base_url: harness().vendor.url, api_key: LEDGER_SECRET },
      limits,
    });
    return runtime;
  }

  const chargeUnder = (runtime: GovernanceRuntime, key: string, n: number) =>
    runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge(n),
      actor: 'alice',
      idempotencyKey: key,
    });

  it('are marked queued while they wait, and unmarked before they are sent', async () => {
    const h = harness();
    const stores = createMemoryStores();
    const runtime = await boot(stores, 'boot-1');
    const held = gate();
    h.vendor.script('/charges', { hold: held.opened, body: { id: 'ch_1' } });
    h.vendor.script('/charges', { hold: held.opened, body: { id: 'ch_2' } });
    const first = chargeUnder(runtime, 'c-1', 1);
    await h.vendor.arrived('/charges', 1);
    const second = chargeUnder(runtime, 'c-2', 2);
    await until(() => queuedOf(stores.idempotency, 'c-2'));
    // The call in the slot was never marked.
    expect(await queuedOf(stores.idempotency, 'c-1')).toBe(false);

    held.open();
    await h.vendor.arrived('/charges', 2);
    // By the time the second call reaches the vendor, its key no longer says "queued".
    expect(await stores.idempotency.get(SCOPE, 'c-2', Date.now())).toMatchObject({
      state: 'in_progress',
    });
    expect(await queuedOf(stores.idempotency, 'c-2')).toBe(false);
    expect(await Promise.all([first, second])).toMatchObject([
      { status: 'ok', output: { id: 'ch_1' } },
      { status: 'ok', output: { id: 'ch_2' } },
    ]);
    await runtime.shutdown(1_000);
  });

  it('whose host died are released at its restart, and run when repeated; a sent one is an unknown outcome', async () => {
    const h = harness();
    const stores = createMemoryStores();
    const first = await boot(stores, 'boot-1');
    const second = await boot(stores, 'boot-2');
    const never = gate();
    h.vendor.script('/charges', { hold: never.opened });
    // c-1 is sent and never answered; c-2 and c-3 wait behind it when the process "dies".
    const inFlight = [
      chargeUnder(first, 'c-1', 1),
      chargeUnder(first, 'c-2', 2),
      chargeUnder(first, 'c-3', 3),
    ].map((p) => p.catch((error: unknown) => error));
    await h.vendor.arrived('/charges', 1);
    await until(
      async () =>
        (await queuedOf(stores.idempotency, 'c-2')) && (await queuedOf(stores.idempotency, 'c-3')),
    );

    expect(await second.recoverOrphanedLeases()).toEqual({ unknown: 1, released: 2 });
    expect(await stores.idempotency.listUnknownOutcomes('acme', Date.now())).toMatchObject([
      { key: 'c-1', state: 'outcome_unknown' },
    ]);
    // The one that was sent waits for a person; the ones never sent run when repeated.
    expect(await rejectionOf(h, () => chargeUnder(second, 'c-1', 1))).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN',
    });
    h.vendor.script('/charges', { body: { id: 'ch_2' } }, { body: { id: 'ch_3' } });
    expect(await chargeUnder(second, 'c-2', 2)).toMatchObject({
      status: 'ok',
      output: { id: 'ch_2' },
    });
    expect(await chargeUnder(second, 'c-3', 3)).toMatchObject({
      status: 'ok',
      output: { id: 'ch_3' },
    });
    expect(h.vendor.seen.map((r) => r.headers['idempotency-key'])).toEqual(['c-1', 'c-2', 'c-3']);

    // The first boot, alive after all, finds its waiting calls' keys no longer its own: its
    // slot frees, and neither is sent again nor touches the second boot's records.
    never.open();
    const ended = await Promise.all(inFlight);
    expect(ended.slice(1)).toMatchObject([
      { code: 'DLX_E_IDEMPOTENCY_LEASE_LOST', mayHaveReachedVendor: false, httpStatus: 409 },
      { code: 'DLX_E_IDEMPOTENCY_LEASE_LOST', mayHaveReachedVendor: false, httpStatus: 409 },
    ]);
    expect(h.vendor.count('/charges')).toBe(3);
    for (const key of ['c-2', 'c-3']) {
      expect((await stores.idempotency.get(SCOPE, key, Date.now()))?.state).toBe('completed');
    }
    const lost = (await stores.audit.list()).filter(
      (r) => r.error_code === 'DLX_E_IDEMPOTENCY_LEASE_LOST',
    );
    expect(lost.map((r) => r.idempotency_key).sort()).toEqual(['c-2', 'c-3']);
    await first.shutdown(1_000);
    await second.shutdown(1_000);
  });

  /** Memory stores whose marks are listed in `marks`, as [key, queued]. */
  function markedStores() {
    const stores = createMemoryStores();
    const marks: [string, boolean][] = [];
    const markQueued = stores.idempotency.markQueued.bind(stores.idempotency);
    stores.idempotency.markQueued = (scope, key, holder, queued) => {
      marks.push([key, queued]);
      return markQueued(scope, key, holder, queued);
    };
    return { stores, marks };
  }

  it('waiting for a rate token are marked too', async () => {
    const h = harness();
    const { stores, marks } = markedStores();
    const runtime = await boot(stores, 'boot-1', { maxConcurrency: 5, maxRequestsPerSecond: 1 });
    h.vendor.script('/charges', { body: { id: 'ch_1' } }, { body: { id: 'ch_2' } });
    const both = await Promise.all([
      chargeUnder(runtime, 'c-1', 1),
      chargeUnder(runtime, 'c-2', 2),
    ]);
    expect(both.map((r) => r.status)).toEqual(['ok', 'ok']);
    // c-1 took the second's only token; c-2 waited for the next one.
    expect(marks).toEqual([
      ['c-2', true],
      ['c-2', false],
    ]);
    await runtime.shutdown(1_000);
  });

  it('give up their key only after its queued mark is written, so the mark cannot land on a later call', async () => {
    const h = harness();
    const stores = createMemoryStores();
    // What the store did with c-2, in order; its first "queued" mark is slow to be written.
    const done: string[] = [];
    const slowMark = gate();
    const markQueued = stores.idempotency.markQueued.bind(stores.idempotency);
    stores.idempotency.markQueued = async (scope, key, holder, queued) => {
      if (key === 'c-2' && queued) await slowMark.opened;
      const applied = await markQueued(scope, key, holder, queued);
      if (key === 'c-2') done.push(`marked ${queued}`);
      return applied;
    };
    const release = stores.idempotency.release.bind(stores.idempotency);
    stores.idempotency.release = async (scope, key) => {
      if (key === 'c-2') done.push('released');
      return release(scope, key);
    };
    const runtime = await boot(stores, 'boot-1');
    const held = gate();
    h.vendor.script('/charges', { hold: held.opened, body: { id: 'ch_1' } });
    const first = chargeUnder(runtime, 'c-1', 1);
    await h.vendor.arrived('/charges', 1);
    // c-2 waits for the slot, and its caller gives up while its mark is still being written.
    const abort = new AbortController();
    const given = runtime
      .execute('acme', 'ledger', 'create_charge', {
        input: charge(2),
        actor: 'alice',
        idempotencyKey: 'c-2',
        signal: abort.signal,
      })
      .catch((error: unknown) => error);
    await until(async () => runtime.registered('acme')[0]!.kit.limiter.queued === 1);
    abort.abort();
    // Released before its mark was written, the key could be begun again by another call and
    // the late mark land on that call's record. Give a wrong order time to show, then let the
    // mark through: the release comes after it.
    await until(async () => done.includes('released'), 20).catch(() => undefined);
    slowMark.open();
    expect(await given).toMatchObject({
      code: 'DLX_E_RUNTIME_ABORTED',
      mayHaveReachedVendor: false,
    });
    expect(done).toEqual(['marked true', 'released']);
    expect(await stores.idempotency.get(SCOPE, 'c-2', Date.now())).toBeUndefined();
    held.open();
    await first;
    expect(h.vendor.count('/charges')).toBe(1);
    await runtime.shutdown(1_000);
  });

  it('that do not wait write no mark', async () => {
    const h = harness();
    const { stores, marks } = markedStores();
    const runtime = await boot(stores, 'boot-1');
    h.vendor.script('/charges', { body: { id: 'ch_1' } }, { body: { id: 'ch_2' } });
    expect(await chargeUnder(runtime, 'c-1', 1)).toMatchObject({ status: 'ok' });
    expect(await chargeUnder(runtime, 'c-2', 2)).toMatchObject({ status: 'ok' });
    expect(marks).toEqual([]);
    await runtime.shutdown(1_000);
  });
});
