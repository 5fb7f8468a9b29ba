import { type Harness, rejectionOf, useHarness } from './__fixtures__/runtimeHarness';

describe('compensation', () => {
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  const charge = { amount: 7, customer_email: 'comp@example.com' };

  it('runs the declared compensating operation once, with a key derived from the original', async () => {
    h.vendor.script('/charges', { body: { id: 'ch_9' } });
    await h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: 'order-9',
    });
    const undo = await h.runtime.compensate('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: 'order-9',
    });
    const again = await h.runtime.compensate('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: 'order-9',
    });
    expect(undo).toMatchObject({
      status: 'ok',
      replayed: false,
      idempotency_key: 'compensate:order-9',
    });
    expect(again).toMatchObject({ status: 'ok', replayed: true });
    expect(h.vendor.count('/refunds')).toBe(1);
    expect(JSON.parse(h.vendor.seen.find((r) => r.path === '/refunds')!.body)).toEqual({
      charge_id: 'ch_9',
    });
  });

  it('hashes a long caller key instead of cutting it, so two long keys never collide', async () => {
    const long = (c: string) => `${'k'.repeat(250)}${c}`;
    h.vendor.script('/charges', { body: { id: 'ch_a' } }, { body: { id: 'ch_b' } });
    await h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: long('a'),
    });
    await h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: long('b'),
    });
    const a = await h.runtime.compensate('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: long('a'),
    });
    const b = await h.runtime.compensate('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: long('b'),
    });
    expect(a.status === 'ok' && a.idempotency_key).toMatch(/^compensate:[0-9a-f]{64}$/);
    expect(b.status === 'ok' && b.idempotency_key).not.toBe(a.status === 'ok' && a.idempotency_key);
    expect(h.vendor.count('/refunds')).toBe(2);
  });

  it('refuses an operation without compensation, and a call that never completed', async () => {
    expect(
      await rejectionOf(h, () =>
        h.runtime.compensate('acme', 'ledger', 'refund_charge', {
          input: { charge_id: 'x' },
          actor: 'ops',
        }),
      ),
    ).toMatchObject({ code: 'DLX_E_RUNTIME_NO_COMPENSATION' });
    expect(
      await rejectionOf(h, () =>
        h.runtime.compensate('acme', 'ledger', 'create_charge', {
          input: charge,
          actor: 'ops',
          idempotencyKey: 'never',
        }),
      ),
    ).toMatchObject({ code: 'DLX_E_RUNTIME_NO_COMPENSATION' });
    expect(h.vendor.count('/refunds')).toBe(0);
  });
});
