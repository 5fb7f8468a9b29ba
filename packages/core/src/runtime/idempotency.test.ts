import { type Harness, rejectionOf, useHarness } from './__fixtures__/runtimeHarness';

describe('idempotency', () => {
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  const charge = { amount: 10, customer_email: 'pat@example.com' };

  it('replays the first result for the same key with one vendor request', async () => {
    h.vendor.script('/charges', { body: { id: 'ch_1' } }, { body: { id: 'ch_2' } });
    const first = await h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: 'k-1',
    });
    const second = await h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: 'k-1',
    });
    expect(first).toMatchObject({ output: { id: 'ch_1' }, replayed: false });
    expect(second).toMatchObject({ output: { id: 'ch_1' }, replayed: true });
    expect(h.vendor.count('/charges')).toBe(1);
  });

  it('refuses the same key with another payload as idempotency_conflict', async () => {
    await h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: 'k-2',
    });
    const error = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'create_charge', {
        input: { ...charge, amount: 11 },
        actor: 'ops',
        idempotencyKey: 'k-2',
      }),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_CONFLICT',
      kind: 'idempotency_conflict',
    });
    expect(h.vendor.count('/charges')).toBe(1);
  });

  it('makes one vendor call for 20 concurrent duplicates', async () => {
    h.vendor.script('/charges', { delayMs: 50, body: { id: 'ch_once' } });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.runtime.execute('acme', 'ledger', 'create_charge', {
          input: charge,
          actor: 'ops',
          idempotencyKey: 'k-3',
        }),
      ),
    );
    expect(h.vendor.count('/charges')).toBe(1);
    expect(
      new Set(results.map((r) => (r.status === 'ok' ? JSON.stringify(r.output) : 'x'))),
    ).toEqual(new Set(['{"id":"ch_once"}']));
    expect(results.filter((r) => r.status === 'ok' && !r.replayed)).toHaveLength(1);
  });

  it('sends the runtime key to the vendor in the declared idempotency header', async () => {
    await h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: 'vendor-key-9',
    });
    expect(h.vendor.seen[0]!.headers['idempotency-key']).toBe('vendor-key-9');
  });

  it('lets a key be used again after a failure that never reached the vendor', async () => {
    h.vendor.script(
      '/charges',
      { status: 429, headers: { 'retry-after': '60' } },
      { body: { id: 'ch_late' } },
    );
    await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'create_charge', {
        input: charge,
        actor: 'ops',
        idempotencyKey: 'k-4',
      }),
    );
    const later = await h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: 'k-4',
    });
    expect(later).toMatchObject({ output: { id: 'ch_late' }, replayed: false });
  });

  it('keeps an outcome_unknown key blocked for a non-idempotent write', async () => {
    h.vendor.script('/charges', { status: 500 }, { body: { id: 'never' } });
    const first = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'create_charge', {
        input: charge,
        actor: 'ops',
        idempotencyKey: 'k-5',
      }),
    );
    expect(first).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      details: { idempotency_key: 'k-5', unknown_outcome_id: expect.stringMatching(/^uo_/) },
    });
    const second = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'create_charge', {
        input: charge,
        actor: 'ops',
        idempotencyKey: 'k-5',
      }),
    );
    expect(second).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN',
      httpStatus: 409,
      details: {
        idempotency_key: 'k-5',
        unknown_outcome_id: (first.details as Record<string, unknown>).unknown_outcome_id,
      },
    });
    expect(h.vendor.count('/charges')).toBe(1);
  });
});
