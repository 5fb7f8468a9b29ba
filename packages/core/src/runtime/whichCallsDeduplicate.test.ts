import { type Harness, rejectionOf, useHarness } from './__fixtures__/runtimeHarness';

// Issue 9 item 2: reads were answered from a stored result for 24 h (a stale status, a "not
// found" repeated for a day), two intended identical writes merged, and a non-idempotent write
// without a key got no record, so a retry after a timeout sent twice.
describe('which calls are de-duplicated', () => {
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  const charge = { amount: 10, customer_email: 'pat@example.com' };

  it('never replays a read: each one reaches the vendor and sees its answer now', async () => {
    h.vendor.script('/balance/a1', { body: { balance: 7 } }, { body: { balance: 8 } });
    const first = await h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'a1' },
      actor: 'ops',
    });
    const second = await h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'a1' },
      actor: 'ops',
    });
    expect(first).toMatchObject({ output: { balance: 7 }, replayed: false, idempotency_key: null });
    expect(second).toMatchObject({ output: { balance: 8 }, replayed: false });
    expect(h.vendor.count('/balance/a1')).toBe(2);
  });

  it('never repeats a read’s failure from the store', async () => {
    h.vendor.script('/balance/gone', { status: 404 }, { body: { balance: 1 } });
    const missing = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'get_balance', {
        input: { account: 'gone' },
        actor: 'ops',
      }),
    );
    expect(missing).toMatchObject({ code: 'DLX_E_VENDOR_PERMANENT' });
    const found = await h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'gone' },
      actor: 'ops',
    });
    expect(found).toMatchObject({ output: { balance: 1 } });
  });

  it('records a read’s Idempotency-Key in audit and otherwise ignores it', async () => {
    h.vendor.script('/balance/k', { body: { balance: 1 } }, { body: { balance: 2 } });
    const read = (key: string) =>
      h.runtime.execute('acme', 'ledger', 'get_balance', {
        input: { account: 'k' },
        actor: 'ops',
        idempotencyKey: key,
      });
    await read('read-1');
    expect(await read('read-1')).toMatchObject({ output: { balance: 2 }, replayed: false });
    expect(h.vendor.seen.map((r) => r.headers['idempotency-key'])).toEqual([undefined, undefined]);
    const audit = await h.stores.audit.list();
    expect(audit.map((r) => r.idempotency_key)).toEqual(['read-1', 'read-1']);
  });

  it('refuses a non-idempotent write without a key before any vendor call', async () => {
    const error = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'create_charge', { input: charge, actor: 'ops' }),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_KEY_REQUIRED',
      kind: 'validation',
      httpStatus: 400,
    });
    expect(h.vendor.seen).toHaveLength(0);
  });

  it('gives an idempotent write without a key a fresh key that every attempt sends', async () => {
    h.vendor.script(
      '/refunds',
      { status: 500 },
      { body: { id: 're_1' } },
      { body: { id: 're_2' } },
    );
    const refund = () =>
      h.runtime.execute('acme', 'ledger', 'refund_charge', {
        input: { charge_id: 'ch_1' },
        actor: 'ops',
      });
    const first = await refund();
    const second = await refund();
    if (first.status !== 'ok' || second.status !== 'ok') throw new Error('expected ok');
    expect(first.idempotency_key).toMatch(/^dlx_[0-9a-f]{32}$/);
    expect(second.idempotency_key).toMatch(/^dlx_[0-9a-f]{32}$/);
    expect(second.idempotency_key).not.toBe(first.idempotency_key);
    // Two intended identical writes are two writes; the retried one sent its key both times.
    expect(first).toMatchObject({ output: { id: 're_1' }, attempts: 2 });
    expect(second).toMatchObject({ output: { id: 're_2' }, replayed: false });
    const keys = h.vendor.seen.map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual([first.idempotency_key, first.idempotency_key, second.idempotency_key]);
  });

  it('compensates the call found by the idempotency_key its result returned', async () => {
    const asked = await h.runtime.execute('acme', 'ledger', 'create_payment', {
      input: charge,
      actor: 'alice',
    });
    if (asked.status !== 'approval_required') throw new Error('expected approval_required');
    expect(asked.idempotency_key).toMatch(/^dlx_/);
    await h.runtime.approvals.grant('acme', asked.approval_id, 'bob');
    h.vendor.script('/payments', { body: { id: 'pay_7' } });
    // The requester repeats under the key its request was given (the grant is bound to it).
    const paid = await h.runtime.execute('acme', 'ledger', 'create_payment', {
      input: charge,
      actor: 'alice',
      approvalId: asked.approval_id,
      idempotencyKey: asked.idempotency_key!,
    });
    if (paid.status !== 'ok') throw new Error('expected ok');
    expect(paid.idempotency_key).toBe(asked.idempotency_key);
    const undo = await h.runtime.compensate('acme', 'ledger', 'create_payment', {
      input: charge,
      actor: 'alice',
      idempotencyKey: paid.idempotency_key!,
    });
    expect(undo).toMatchObject({
      status: 'ok',
      idempotency_key: `compensate:${paid.idempotency_key}`,
    });
    expect(JSON.parse(h.vendor.seen.find((r) => r.path === '/refunds')!.body)).toEqual({
      charge_id: 'pay_7',
    });
    // Without the key there is no call to find: compensation no longer guesses by payload.
    expect(
      await rejectionOf(h, () =>
        h.runtime.compensate('acme', 'ledger', 'create_payment', { input: charge, actor: 'alice' }),
      ),
    ).toMatchObject({ code: 'DLX_E_RUNTIME_NO_COMPENSATION' });
  });
});
