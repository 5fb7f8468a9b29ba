import { hasErrorCode, type CallResult } from '@dealix/connector-core';
import {
  AGENT,
  APPROVER,
  TENANT,
  outputOf,
  useStripeHarness,
  type StripeHarness,
} from './__fixtures__/stripeHarness';

interface Intent {
  id: string;
  status: string;
}

interface Reversal {
  payment_intent: string;
  action: 'canceled' | 'refunded';
  status: string;
  refund: { id: string; amount: number } | null;
}

describe('compensating create_payment_intent', () => {
  let h: StripeHarness;

  const harness = useStripeHarness();
  beforeEach(async () => {
    h = harness();
  });

  /** Creates (approved), then compensates: approval first, then the reversal with a grant. */
  async function createThenCompensate(input: object, key: string) {
    const intent = outputOf<Intent>(await h.approved('create_payment_intent', input, key));
    const request = { input, actor: AGENT, idempotencyKey: key };
    const asked = await h.runtime.compensate(TENANT, 'stripe', 'create_payment_intent', request);
    expect(asked.status).toBe('approval_required');
    if (asked.status !== 'approval_required') throw new Error('unreachable');
    await h.runtime.approvals.grant(TENANT, asked.approval_id, APPROVER);
    const result: CallResult = await h.runtime.compensate(
      TENANT,
      'stripe',
      'create_payment_intent',
      {
        ...request,
        approvalId: asked.approval_id,
      },
    );
    return { intent, reversal: outputOf<Reversal>(result) };
  }

  it('refunds a confirmed payment that succeeded', async () => {
    const { intent, reversal } = await createThenCompensate(
      { amount: 3000, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' },
      'order-2001',
    );
    expect(intent.status).toBe('succeeded');
    expect(reversal).toMatchObject({ payment_intent: intent.id, action: 'refunded' });
    expect(reversal.refund?.amount).toBe(3000);
    expect(h.vendor.server.counters.get('refunds_created')).toBe(1);
    expect(h.vendor.server.counters.get('payment_intents_canceled') ?? 0).toBe(0);
    const [refund] = h.vendor.server.requestsTo('refunds.create');
    expect(refund!.headers['idempotency-key']).toBe('compensate:order-2001');
  });

  it('cancels an intent that was never confirmed', async () => {
    const { intent, reversal } = await createThenCompensate(
      { amount: 3000, currency: 'usd' },
      'order-2002',
    );
    expect(reversal).toEqual({
      payment_intent: intent.id,
      action: 'canceled',
      status: 'canceled',
      refund: null,
    });
    expect(h.vendor.paymentIntents.get(intent.id)?.status).toBe('canceled');
    expect(h.vendor.server.counters.get('payment_intents_canceled')).toBe(1);
    expect(h.vendor.server.counters.get('refunds_created') ?? 0).toBe(0);
  });

  it('releases a held amount (manual capture) by cancelling', async () => {
    const { reversal } = await createThenCompensate(
      {
        amount: 800,
        currency: 'usd',
        confirm: true,
        payment_method: 'pm_card_visa',
        capture_method: 'manual',
      },
      'order-2003',
    );
    expect(reversal).toMatchObject({ action: 'canceled', status: 'canceled' });
    expect(h.vendor.server.counters.get('payment_intents_canceled')).toBe(1);
  });

  it('reverses once when the refund answer is lost and the attempt is retried', async () => {
    h.vendor.server.injectFault({
      route: 'refunds.create',
      fault: { kind: 'reset_after_processing' },
      times: 1,
    });
    const { reversal } = await createThenCompensate(
      { amount: 1200, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' },
      'order-2004',
    );
    expect(reversal.action).toBe('refunded');
    expect(h.vendor.server.requestsTo('refunds.create')).toHaveLength(2);
    expect(h.vendor.server.counters.get('refunds_created')).toBe(1);
  });

  it('treats an intent already canceled as reversed, and an already refunded charge too', async () => {
    const open = outputOf<Intent>(
      await h.approved('create_payment_intent', { amount: 100, currency: 'usd' }),
    );
    await h.call('cancel_payment_intent', { payment_intent: open.id }, 'cancel-1');
    const canceled = outputOf<Reversal>(
      await h.approved('reverse_payment_intent', { payment_intent: open.id }, 'reverse-1'),
    );
    expect(canceled).toMatchObject({ action: 'canceled', refund: null });

    const paid = outputOf<Intent>(
      await h.approved('create_payment_intent', {
        amount: 100,
        currency: 'usd',
        confirm: true,
        payment_method: 'pm_card_visa',
      }),
    );
    await h.approved('refund_payment_intent', { payment_intent: paid.id }, 'refund-1');
    const refunded = outputOf<Reversal>(
      await h.approved('reverse_payment_intent', { payment_intent: paid.id }, 'reverse-2'),
    );
    expect(refunded).toMatchObject({ action: 'refunded', refund: null });
    expect(h.vendor.server.counters.get('payment_intents_canceled')).toBe(1);
    expect(h.vendor.server.counters.get('refunds_created')).toBe(1);
  });

  it('refuses to compensate a call that never completed', async () => {
    const error = await h.rejection(() =>
      h.runtime.compensate(TENANT, 'stripe', 'create_payment_intent', {
        input: { amount: 100, currency: 'usd' },
        actor: AGENT,
        idempotencyKey: 'never-ran',
      }),
    );
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_NO_COMPENSATION')).toBe(true);
    expect(h.vendor.server.requests).toHaveLength(0);
  });
});
