import { hasErrorCode } from '../errors/dlxError';
import { GovernanceRuntime } from './governanceRuntime';
import { createMemoryStores } from '../stores/memory';
import {
  LEDGER_SECRET,
  ledgerManifestWith,
  rejectionOf,
  startHarness,
  type Harness,
} from './__fixtures__/runtimeHarness';
import { ledgerConnector } from './__fixtures__/ledgerConnector';
import { gate } from './__fixtures__/scriptedVendor';
import type { ConnectorLimitSettings } from './connectorLimits';

const balance = (h: Harness, tenant: string, account: string) =>
  h.runtime.execute(tenant, 'ledger', 'get_balance', { input: { account }, actor: 'agent' });

async function registerTenant(h: Harness, tenant: string, limits?: ConnectorLimitSettings) {
  await h.runtime.register({
    tenant,
    plugin: ledgerConnector,
    manifest: h.manifest,
    version: '1.2.3',
    config: { base_url: h.vendor.url, api_key: LEDGER_SECRET },
    ...(limits && { limits }),
  });
}

/** Attempts that outlast any held answer: nothing in these tests depends on elapsed time. */
const patient = ledgerManifestWith({ timeout_ms: 60_000 });

describe('limits per (tenant, connector)', () => {
  let h: Harness;
  afterEach(async () => {
    expect(await h.everythingVisible()).not.toContain(LEDGER_SECRET);
    await h.stop();
  });

  it("caps a tenant's calls in flight, fails the one past the queue at once, and leaves other tenants alone", async () => {
    h = await startHarness({
      manifest: patient,
      tenants: ['acme', 'globex'],
      runtime: { limits: { maxConcurrency: 2, maxQueue: 1 } },
    });
    const held = gate();
    for (const path of ['/balance/a1', '/balance/a2', '/balance/a3', '/balance/g']) {
      h.vendor.script(path, { hold: held.opened, body: { balance: 1 } });
    }
    const acme = ['a1', 'a2', 'a3'].map((account) => balance(h, 'acme', account));
    await Promise.all([h.vendor.arrived('/balance/a1', 1), h.vendor.arrived('/balance/a2', 1)]);
    const full = await rejectionOf(h, () => balance(h, 'acme', 'a4'));
    expect(full).toMatchObject({
      code: 'DLX_E_RUNTIME_QUEUE_FULL',
      kind: 'rate_limited',
      httpStatus: 503,
      retryable: false,
      mayHaveReachedVendor: false,
      retryAfterMs: 1000,
    });
    // globex has its own slots: its call reaches the vendor while acme's queue is full.
    const globex = balance(h, 'globex', 'g');
    await h.vendor.arrived('/balance/g', 1);
    expect(h.vendor.count('/balance/a3')).toBe(0);
    expect(h.vendor.count('/balance/a4')).toBe(0);

    held.open();
    const results = await Promise.all([...acme, globex]);
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(h.vendor.count('/balance/a3')).toBe(1);
    expect(h.vendor.count('/balance/a4')).toBe(0);
    const refused = (await h.stores.audit.list()).filter(
      (r) => r.error_code === 'DLX_E_RUNTIME_QUEUE_FULL',
    );
    expect(refused).toHaveLength(1);
  });

  it('holds a per-tenant rate limit under a burst while another tenant is unaffected', async () => {
    h = await startHarness({ manifest: patient, tenants: ['acme'] });
    await registerTenant(h, 'slowco', { maxRequestsPerSecond: 2 });
    const accounts = ['s1', 's2', 's3', 's4', 's5', 's6'];
    const startedAt = performance.now();
    const burst = await Promise.all(accounts.map((a) => balance(h, 'slowco', a)));
    const realElapsed = performance.now() - startedAt;
    expect(burst.every((r) => r.status === 'ok')).toBe(true);
    // Two go at once (one second's worth of tokens), then each waits its turn, half a second
    // after the one before on the runtime's clock: four waits of 500 ms, less the real time that
    // passed between turns (the virtual clock also moves with real time; a loaded machine is slow).
    expect(h.clock.sleeps).toHaveLength(4);
    for (const wait of h.clock.sleeps) {
      expect(wait).toBeLessThanOrEqual(500);
      expect(wait).toBeGreaterThan(Math.min(499, 500 - realElapsed));
    }

    const before = h.clock.sleeps.length;
    const other = await Promise.all(accounts.map((a) => balance(h, 'acme', a)));
    expect(other.every((r) => r.status === 'ok')).toBe(true);
    expect(h.clock.sleeps.length).toBe(before);
  });

  it('counts waiting against the deadline: a call that cannot start in time sends nothing', async () => {
    const base = ledgerManifestWith();
    h = await startHarness({
      manifest: ledgerManifestWith({
        timeout_ms: 60_000,
        operations: {
          ...base.operations,
          fetch_url: {
            ...base.operations.fetch_url,
            timeout_ms: 50,
            retry_max: 0,
            retry_backoff_ms: [],
          },
        },
      }),
      runtime: { limits: { maxConcurrency: 1 } },
    });
    const held = gate();
    h.vendor.script('/balance/busy', { hold: held.opened, body: { balance: 1 } });
    const first = balance(h, 'acme', 'busy');
    await h.vendor.arrived('/balance/busy', 1);
    const late = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'fetch_url', {
        input: { url: `${h.vendor.url}/late` },
        actor: 'agent',
      }),
    );
    expect(hasErrorCode(late, 'DLX_E_RUNTIME_DEADLINE_EXCEEDED')).toBe(true);
    expect(late).toMatchObject({ mayHaveReachedVendor: false });
    expect(h.vendor.count('/late')).toBe(0);
    held.open();
    expect(await first).toMatchObject({ status: 'ok' });
  });

  it('applies manifest suggested_limits in hosts that ask for them, under the tenant own limits', async () => {
    h = await startHarness();
    const manifest = ledgerManifestWith({
      suggested_limits: { max_requests_per_second: 1, max_concurrency: 3 },
    });
    const register = (runtime: GovernanceRuntime, limits?: ConnectorLimitSettings) =>
      runtime.register({
        tenant: 'acme',
        plugin: ledgerConnector,
        manifest,
        version: '1.0.0',
        config: { base_url: h.vendor.url, api_key: LEDGER_SECRET },
        ...(limits && { limits }),
      });
    const harnessLike = new GovernanceRuntime({ stores: createMemoryStores() });
    const host = new GovernanceRuntime({
      stores: createMemoryStores(),
      applySuggestedLimits: true,
      limits: { maxConcurrency: 20, maxQueue: 50 },
    });
    expect((await register(harnessLike)).kit.limiter.limits).toEqual({
      maxConcurrency: 10,
      maxRequestsPerSecond: undefined,
      maxQueue: 1000,
    });
    expect((await register(host)).kit.limiter.limits).toEqual({
      maxConcurrency: 3,
      maxRequestsPerSecond: 1,
      maxQueue: 50,
    });
    expect((await register(host, { maxRequestsPerSecond: 5 })).kit.limiter.limits).toMatchObject({
      maxRequestsPerSecond: 5,
    });
    await Promise.all([harnessLike.shutdown(100), host.shutdown(100)]);
  });

  // A stop under load: the calls queued behind the cap have sent nothing. Waiting out the drain
  // they would end with the process and come back as unknown outcomes for a person.
  it('refuses the calls waiting for a slot at a stop, releasing their keys; the call in flight finishes', async () => {
    h = await startHarness({
      manifest: patient,
      runtime: { limits: { maxConcurrency: 1 } },
    });
    const held = gate();
    h.vendor.script(
      '/charges',
      { hold: held.opened, body: { id: 'ch_1' } },
      { body: { id: 'ch_2' } },
    );
    const charge = (key: string) =>
      h.runtime.execute('acme', 'ledger', 'create_charge', {
        input: { amount: 5, customer_email: 'q@example.com' },
        actor: 'agent',
        idempotencyKey: key,
      });
    const first = charge('c-1');
    await h.vendor.arrived('/charges', 1);
    const queued = ['c-2', 'c-3'].map((key) => charge(key).catch((error: unknown) => error));
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.runtime.stopAccepting()).toBe(2);
    for (const refused of await Promise.all(queued)) {
      expect(refused).toMatchObject({
        code: 'DLX_E_RUNTIME_SHUTTING_DOWN',
        httpStatus: 503,
        mayHaveReachedVendor: false,
        retryAfterMs: 1000,
      });
    }
    held.open();
    expect(await first).toMatchObject({ status: 'ok', output: { id: 'ch_1' } });
    expect(h.vendor.count('/charges')).toBe(1);
    // Their keys were released: another runtime on the same stores runs c-2 (it is not unknown).
    const next = new GovernanceRuntime({ stores: h.stores });
    await next.register({
      tenant: 'acme',
      plugin: ledgerConnector,
      manifest: patient,
      version: '1.2.3',
      config: { base_url: h.vendor.url, api_key: LEDGER_SECRET },
    });
    const again = await next.execute('acme', 'ledger', 'create_charge', {
      input: { amount: 5, customer_email: 'q@example.com' },
      actor: 'agent',
      idempotencyKey: 'c-2',
    });
    expect(again).toMatchObject({ status: 'ok', replayed: false, output: { id: 'ch_2' } });
    expect(h.vendor.count('/charges')).toBe(2);
    await next.shutdown(0);
  });
});
