import { payloadDigest } from '../digest';
import { type Harness, rejectionOf, startHarness } from './__fixtures__/runtimeHarness';

// Issue 9 item 5: approval mismatch, reuse, expiry, denial and pending, idempotency conflicts
// and replayed failures wrote no audit row and no metric.
describe('refused calls are audited and counted', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ runtime: { approvals: { grantTtlMs: 60_000 } } });
  });
  afterEach(() => h.stop());
  const payment = { amount: 5, customer_email: 'kim@example.com' };
  const pay = (approvalId: string, input: object = payment, key = 'pay-1') =>
    h.runtime.execute('acme', 'ledger', 'create_payment', {
      input,
      actor: 'alice',
      approvalId,
      idempotencyKey: key,
    });
  /** An approval asked under `key` (its grant is bound to it), then granted, denied or left. */
  async function approval(
    grant: 'grant' | 'deny' | 'none' = 'grant',
    key = 'pay-1',
  ): Promise<string> {
    const asked = await h.runtime.execute('acme', 'ledger', 'create_payment', {
      input: payment,
      actor: 'alice',
      idempotencyKey: key,
    });
    if (asked.status !== 'approval_required') throw new Error('expected approval_required');
    if (grant === 'grant') await h.runtime.approvals.grant('acme', asked.approval_id, 'bob');
    if (grant === 'deny') await h.runtime.approvals.deny('acme', asked.approval_id, 'bob', 'no');
    return asked.approval_id;
  }
  /** A granted approval bound to no key, as recorded before approvals kept the requesting key. */
  async function unboundGrant(): Promise<string> {
    const binding = {
      tenant: 'acme',
      connector: 'ledger',
      operation: 'create_payment',
      payloadDigest: payloadDigest(payment),
    };
    const asked = await h.runtime.approvals.request(binding, 'alice', payment, 'corr-unbound');
    await h.runtime.approvals.grant('acme', asked.id, 'bob');
    return asked.id;
  }
  const charge = (key: string | undefined, amount = 1) =>
    h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: { amount, customer_email: 'x@y.z' },
      actor: 'ops',
      ...(key !== undefined && { idempotencyKey: key }),
    });

  async function refusals(): Promise<Array<[string, string | null, string | null]>> {
    return (await h.stores.audit.list())
      .filter((r) => r.event === 'call_refused')
      .map((r) => [r.operation ?? '', r.error_code, r.approval_id]);
  }
  async function counted(): Promise<Record<string, number>> {
    const metric = h.runtime.metrics.registry.getSingleMetric('connector_refusals_total')!;
    return Object.fromEntries(
      (await metric.get()).values.map((v) => [String(v.labels.code), v.value]),
    );
  }

  it('records every approval refusal with its code and the approval id', async () => {
    const pending = await approval('none', 'p1');
    const denied = await approval('deny', 'p2');
    const granted = await approval('grant', 'p3');
    const unbound = await unboundGrant();
    const expiring = await approval('grant', 'p7');
    for (const [id, input, key] of [
      [pending, payment, 'p1'],
      [denied, payment, 'p2'],
      [granted, { ...payment, amount: 6 }, 'p3'],
      ['apr_missing', payment, 'p4'],
    ] as const) {
      await rejectionOf(h, () => pay(id, input, key));
    }
    await pay(granted, payment, 'p3');
    // Another key than the requester's; a grant bound to no key, used once already.
    await rejectionOf(h, () => pay(granted, payment, 'p5'));
    await pay(unbound, payment, 'p6');
    await rejectionOf(h, () => pay(unbound, payment, 'p8'));
    h.clock.advance(60_001);
    await rejectionOf(h, () => pay(expiring, payment, 'p7'));
    expect(await refusals()).toEqual([
      ['create_payment', 'DLX_E_APPROVAL_PENDING', pending],
      ['create_payment', 'DLX_E_APPROVAL_DENIED', denied],
      ['create_payment', 'DLX_E_APPROVAL_MISMATCH', granted],
      ['create_payment', 'DLX_E_APPROVAL_NOT_FOUND', 'apr_missing'],
      ['create_payment', 'DLX_E_APPROVAL_MISMATCH', granted],
      ['create_payment', 'DLX_E_APPROVAL_ALREADY_USED', unbound],
      ['create_payment', 'DLX_E_APPROVAL_EXPIRED', expiring],
    ]);
    expect(await counted()).toEqual({
      DLX_E_APPROVAL_PENDING: 1,
      DLX_E_APPROVAL_DENIED: 1,
      DLX_E_APPROVAL_MISMATCH: 2,
      DLX_E_APPROVAL_NOT_FOUND: 1,
      DLX_E_APPROVAL_ALREADY_USED: 1,
      DLX_E_APPROVAL_EXPIRED: 1,
    });
    expect(h.vendor.count('/payments')).toBe(2);
  });

  it('records idempotency refusals and every replayed failure', async () => {
    h.vendor.script('/charges', { status: 402, body: { error: 'declined' } }, { status: 500 });
    await rejectionOf(h, () => charge('c-1'));
    for (let i = 0; i < 3; i++) await rejectionOf(h, () => charge('c-1'));
    await rejectionOf(h, () => charge('c-1', 2));
    await rejectionOf(h, () => charge(undefined));
    await rejectionOf(h, () => charge('c-2'));
    await rejectionOf(h, () => charge('c-2'));
    expect((await refusals()).map(([, code]) => code)).toEqual([
      'DLX_E_VENDOR_PERMANENT',
      'DLX_E_VENDOR_PERMANENT',
      'DLX_E_VENDOR_PERMANENT',
      'DLX_E_IDEMPOTENCY_CONFLICT',
      'DLX_E_IDEMPOTENCY_KEY_REQUIRED',
      'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN',
    ]);
    expect(await counted()).toEqual({
      DLX_E_VENDOR_PERMANENT: 3,
      DLX_E_IDEMPOTENCY_CONFLICT: 1,
      DLX_E_IDEMPOTENCY_KEY_REQUIRED: 1,
      DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN: 1,
    });
    expect(h.vendor.count('/charges')).toBe(2);
  });
});
