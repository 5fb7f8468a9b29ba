import { DealixClient, hasErrorCode, type ApprovalRequired } from './index';
import { simulatorCounters, useSandboxHost } from './__fixtures__/sandboxHost';
import { SteppedClock } from './__fixtures__/steppedClock';

// Issue 16, "Must show": the client executes an operation through approval end to end against
// `npm start`'s host (sandbox mode, a child process on 127.0.0.1).
const payment = { amount: 1500, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' };
type Intent = { id: string; status: string; amount: number };

describe('the approval round trip against the host `npm start` runs', () => {
  const h = useSandboxHost();

  it('executes a payment through approval: 202, a grant by an approver, one payment, a replay', async () => {
    const told: ApprovalRequired[] = [];
    const result = await h.operator
      .tenant('sandbox')
      .executeWithApproval<Intent>('stripe', 'create_payment_intent', payment, {
        idempotencyKey: 'client-order-1',
        onApprovalRequired: async (pending) => {
          told.push(pending);
          // The approver sees the request (input redacted by classification) and grants it.
          const waiting = await h.approver.tenant('sandbox').approvals('pending');
          expect(waiting.map((a) => a.id)).toContain(pending.approval_id);
          await h.approver.tenant('sandbox').grant(pending.approval_id);
        },
      });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      status: 'approval_required',
      idempotency_key: 'client-order-1',
    });
    expect(result).toMatchObject({ status: 'ok', replayed: false });
    expect(result.output).toMatchObject({ status: 'succeeded', amount: 1500 });
    expect(result.output.id).toMatch(/^pi_/);

    const approval = await h.operator.tenant('sandbox').approval(told[0]!.approval_id);
    expect(approval).toMatchObject({ status: 'used', decided_by: 'sandbox-approver' });
    // The same intent again replays under its key: one payment at the vendor.
    const again = await h.operator
      .tenant('sandbox')
      .execute<Intent>('stripe', 'create_payment_intent', payment, {
        idempotencyKey: 'client-order-1',
        approvalId: told[0]!.approval_id,
      });
    expect(again).toMatchObject({ status: 'ok', replayed: true, output: { id: result.output.id } });
  });

  it('answers 202 without a vendor call, and runs once granted when repeated with the approval', async () => {
    const sandboxOps = h.operator.tenant('sandbox');
    const created = async () =>
      (await simulatorCounters(h.sandbox.stripeSimulator)).payment_intents_created ?? 0;
    const before = await created();
    const first = await sandboxOps.execute('stripe', 'create_payment_intent', payment, {
      idempotencyKey: 'client-order-2',
    });
    if (first.status !== 'approval_required') throw new Error('expected a 202');
    expect(await created()).toBe(before);
    const pending = await sandboxOps
      .waitForApproval(first.approval_id, {
        timeoutMs: 0,
      })
      .catch((e: unknown) => e);
    expect(hasErrorCode(pending, 'DLX_E_CLIENT_APPROVAL_TIMEOUT')).toBe(true);
    await h.approver.tenant('sandbox').grant(first.approval_id);
    expect(await sandboxOps.waitForApproval(first.approval_id)).toMatchObject({
      status: 'granted',
    });
    const run = await sandboxOps.execute<Intent>('stripe', 'create_payment_intent', payment, {
      idempotencyKey: 'client-order-2',
      approvalId: first.approval_id,
    });
    expect(run).toMatchObject({ status: 'ok', output: { status: 'succeeded' } });
    expect(await created()).toBe(before + 1);
  });

  it('throws a denial by code, with the approver and the reason', async () => {
    const denied = await h.operator
      .tenant('sandbox')
      .executeWithApproval('stripe', 'create_payment_intent', payment, {
        idempotencyKey: 'client-order-3',
        onApprovalRequired: (pending) =>
          h.approver
            .tenant('sandbox')
            .deny(pending.approval_id, 'over the monthly limit')
            .then(() => undefined),
      })
      .catch((e: unknown) => e);
    expect(hasErrorCode(denied, 'DLX_E_APPROVAL_DENIED')).toBe(true);
    expect(hasErrorCode(denied, 'DLX_E_APPROVAL_DENIED') && denied.details).toMatchObject({
      decided_by: 'sandbox-approver',
      reason: 'over the monthly limit',
    });
  });

  it('waits on the clock it is given and gives up after timeoutMs, leaving the request pending', async () => {
    const clock = new SteppedClock();
    const patient = new DealixClient({
      url: h.sandbox.url,
      token: h.sandbox.tokens.operator,
      clock,
    });
    const waited = await patient
      .tenant('sandbox')
      .executeWithApproval('stripe', 'create_payment_intent', payment, {
        idempotencyKey: 'client-order-4',
        wait: { timeoutMs: 10_000, pollIntervalMs: 3_000 },
      })
      .catch((e: unknown) => e);
    expect(hasErrorCode(waited, 'DLX_E_CLIENT_APPROVAL_TIMEOUT')).toBe(true);
    // Three polls 3 s apart, then the last second: never more than asked, never a busy loop.
    expect(clock.sleeps).toEqual([3_000, 3_000, 3_000, 1_000]);
    const id = hasErrorCode(waited, 'DLX_E_CLIENT_APPROVAL_TIMEOUT')
      ? (waited.details?.approval_id as string)
      : '';
    expect(await h.operator.tenant('sandbox').approval(id)).toMatchObject({ status: 'pending' });
  });

  it('is scoped by its token: role and tenant refusals are recognised by code', async () => {
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (hasErrorCode(e, 'DLX_E_HOST_FORBIDDEN') ? e.code : (e as Error).message),
      );
    expect(
      await codeOf(h.viewer.tenant('sandbox').execute('stripe', 'create_payment_intent', payment)),
    ).toBe('DLX_E_HOST_FORBIDDEN');
    const pending = await h.operator
      .tenant('sandbox')
      .execute('stripe', 'create_payment_intent', payment, { idempotencyKey: 'client-order-5' });
    if (pending.status !== 'approval_required') throw new Error('expected a 202');
    expect(await codeOf(h.operator.tenant('sandbox').grant(pending.approval_id))).toBe(
      'DLX_E_HOST_FORBIDDEN',
    );
    const foreign = await h.operator
      .tenant('acme')
      .approvals()
      .catch((e: unknown) => e);
    expect(hasErrorCode(foreign, 'DLX_E_HOST_TENANT_FORBIDDEN')).toBe(true);
    const anonymous = await h.open
      .tenant('sandbox')
      .approvals()
      .catch((e: unknown) => e);
    expect(hasErrorCode(anonymous, 'DLX_E_HOST_UNAUTHENTICATED')).toBe(true);
    const invalid = await h.operator
      .tenant('sandbox')
      .execute('stripe', 'create_payment_intent', { amount: -1, currency: 'usd' })
      .catch((e: unknown) => e);
    expect(hasErrorCode(invalid, 'DLX_E_RUNTIME_INPUT_INVALID')).toBe(true);
    expect(hasErrorCode(invalid, 'DLX_E_RUNTIME_INPUT_INVALID') && invalid.details).toMatchObject({
      request_id: expect.any(String),
    });
  });
});
