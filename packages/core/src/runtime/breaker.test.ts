import {
  ledgerManifestWith,
  rejectionOf,
  startHarness,
  type Harness,
} from './__fixtures__/runtimeHarness';

describe('circuit breaker per tenant, connector and operation', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      // Attempts never time out here: a retried timeout would turn a scripted failure into a
      // success on a busy machine, and these tests are about the breaker, not timeouts.
      manifest: ledgerManifestWith({ timeout_ms: 10_000 }),
      runtime: {
        breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 150 },
      },
    });
  });
  afterEach(() => h.stop());

  const call = (account: string) =>
    h.runtime.execute('acme', 'ledger', 'get_balance', { input: { account }, actor: 'ops' });
  const breakerState = async () => (await h.runtime.boardFor('acme'))[0]!.breaker_state;

  it('opens after the configured failures, fails fast, then half-opens and closes', async () => {
    for (const a of ['b1', 'b2', 'b3']) {
      h.vendor.script(`/balance/${a}`, { status: 500 }, { status: 500 }, { status: 500 });
    }
    await rejectionOf(h, () => call('b1'));
    expect(await breakerState()).toBe('open');
    const requestsSoFar = h.vendor.seen.length;
    const fast = await rejectionOf(h, () => call('b4'));
    expect(fast).toMatchObject({ code: 'DLX_E_RUNTIME_CIRCUIT_OPEN', kind: 'circuit_open' });
    expect(h.vendor.seen.length).toBe(requestsSoFar);
    expect((await h.runtime.boardFor('acme'))[0]!.status).toBe('error');

    await new Promise((r) => setTimeout(r, 200));
    expect(await breakerState()).toBe('half_open');
    expect((await h.runtime.boardFor('acme'))[0]!.status).toBe('degraded');
    await expect(call('ok-now')).resolves.toMatchObject({ status: 'ok' });
    expect(await breakerState()).toBe('closed');
  });

  it('does not count a permanent vendor answer as a failure', async () => {
    for (const a of ['p1', 'p2', 'p3', 'p4']) h.vendor.script(`/balance/${a}`, { status: 404 });
    for (const a of ['p1', 'p2', 'p3', 'p4']) await rejectionOf(h, () => call(a));
    expect(await breakerState()).toBe('closed');
  });

  it('keeps one tenant’s open breaker from failing another operation', async () => {
    h.vendor.script('/balance/x', { status: 500 }, { status: 500 }, { status: 500 });
    await rejectionOf(h, () => call('x'));
    expect(await breakerState()).toBe('open');
    await expect(
      h.runtime.execute('acme', 'ledger', 'create_charge', {
        input: { amount: 1, customer_email: 'a' },
        actor: 'ops',
        idempotencyKey: 'charge-1',
      }),
    ).resolves.toMatchObject({ status: 'ok' });
  });
});
