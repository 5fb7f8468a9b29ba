import { type Harness, rejectionOf, useHarness } from './__fixtures__/runtimeHarness';

describe('compensation', () => {
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  const charge = { amount: 7, customer_email: 'comp@example.com' };
  /** create_charge of `charge` under the caller key `key`. */
  const chargeUnder = (key: string) =>
    h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: key,
    });
  /** The compensation of create_charge under `key`, with `input` (default: `charge`). */
  const compensateUnder = (key: string, input: unknown = charge) =>
    h.runtime.compensate('acme', 'ledger', 'create_charge', {
      input,
      actor: 'ops',
      idempotencyKey: key,
    });

  it('runs the declared compensating operation once, with a key derived from the original', async () => {
    h.vendor.script('/charges', { body: { id: 'ch_9' } });
    await chargeUnder('order-9');
    const undo = await compensateUnder('order-9');
    const again = await compensateUnder('order-9');
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
    await chargeUnder(long('a'));
    await chargeUnder(long('b'));
    const a = await compensateUnder(long('a'));
    const b = await compensateUnder(long('b'));
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
    expect(await rejectionOf(h, () => compensateUnder('never'))).toMatchObject({
      code: 'DLX_E_RUNTIME_NO_COMPENSATION',
    });
    expect(h.vendor.count('/refunds')).toBe(0);
  });

  it("keeps the compensations' keys to them: a caller key in their namespace is refused", async () => {
    h.vendor.script('/charges', { body: { id: 'ch_1' } });
    await chargeUnder('order-1');
    // Taking compensate:order-1 first would make the compensation of order-1 a conflict forever.
    expect(
      await rejectionOf(h, () =>
        h.runtime.execute('acme', 'ledger', 'refund_charge', {
          input: { charge_id: 'ch_other' },
          actor: 'mallory',
          idempotencyKey: 'compensate:order-1',
        }),
      ),
    ).toMatchObject({
      code: 'DLX_E_RUNTIME_INPUT_INVALID',
      message: expect.stringContaining('Idempotency-Key "compensate:order-1" starts with'),
    });
    expect(h.vendor.count('/refunds')).toBe(0);
    // Refused like any other invalid key: audited and counted.
    const refused = (await h.stores.audit.list()).filter((r) => r.event === 'call_refused');
    expect(refused.map((r) => [r.actor, r.operation, r.error_code])).toEqual([
      ['mallory', 'refund_charge', 'DLX_E_RUNTIME_INPUT_INVALID'],
    ]);
    const counted = await h.runtime.metrics.registry
      .getSingleMetric('connector_refusals_total')!
      .get();
    expect(counted.values.map((v) => [v.labels.operation, v.labels.code, v.value])).toEqual([
      ['refund_charge', 'DLX_E_RUNTIME_INPUT_INVALID', 1],
    ]);
    const undo = await compensateUnder('order-1');
    expect(undo).toMatchObject({ status: 'ok', idempotency_key: 'compensate:order-1' });
    expect(JSON.parse(h.vendor.seen.find((r) => r.path === '/refunds')!.body)).toEqual({
      charge_id: 'ch_1',
    });
  });

  it('says which is wrong: no completed call under the key, or an input that is not the one it completed with', async () => {
    h.vendor.script('/charges', { body: { id: 'ch_2' } });
    await chargeUnder('order-2');
    const compensate = (input: unknown, idempotencyKey: string) =>
      rejectionOf(h, () => compensateUnder(idempotencyKey, input));
    expect((await compensate({}, 'order-2')).message).toMatch(
      /^ledger\.create_charge: send "input", the input the call under idempotency key "order-2" completed with; the one given does not match the operation's input schema \(input\.amount: /,
    );
    expect((await compensate(charge, 'order-3')).message).toBe(
      'ledger.create_charge: no completed call found for idempotency key "order-3"',
    );
    expect((await compensate({ ...charge, amount: 8 }, 'order-2')).message).toContain(
      'had another input than the one given',
    );
    expect(h.vendor.count('/refunds')).toBe(0);
  });
});
