import { hasErrorCode } from '@dealix/connector-core';
import {
  API_KEY,
  TENANT,
  outputOf,
  useStripeHarness,
  type StripeHarness,
} from './__fixtures__/stripeHarness';
import { STRIPE_API_VERSION } from './stripeRequest';

interface Intent {
  id: string;
  status: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  latest_charge: string | null;
}

describe('Stripe operations through the governance runtime', () => {
  let h: StripeHarness;

  const harness = useStripeHarness();
  beforeEach(async () => {
    h = harness();
  });

  it('creates an unconfirmed intent with nested metadata, the key and the pinned version', async () => {
    const result = await h.approved(
      'create_payment_intent',
      { amount: 1099, currency: 'usd', metadata: { order_id: '42', 'customer note': 'a&b=c' } },
      'order-42',
    );
    const intent = outputOf<Intent>(result);
    expect(intent).toMatchObject({
      status: 'requires_payment_method',
      amount: 1099,
      currency: 'usd',
      metadata: { order_id: '42', 'customer note': 'a&b=c' },
    });
    expect(intent).not.toHaveProperty('client_secret');

    const [sent] = h.vendor.server.requestsTo('payment_intents.create');
    const body = sent!.rawBody.toString('utf8');
    expect(body).toContain('metadata[order_id]=42');
    expect(body).toContain('metadata[customer%20note]=a%26b%3Dc');
    expect(sent!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent!.headers['idempotency-key']).toBe('order-42');
    expect(sent!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent!.headers['stripe-version']).toBe(STRIPE_API_VERSION);
    expect(h.vendor.server.counters.get('payment_intents_created')).toBe(1);
  });

  it('confirms with a payment method, charging once and allowing no redirects', async () => {
    const intent = outputOf<Intent>(
      await h.approved('create_payment_intent', {
        amount: 2500,
        currency: 'eur',
        confirm: true,
        payment_method: 'pm_card_visa',
        receipt_email: 'buyer@example.com',
      }),
    );
    expect(intent.status).toBe('succeeded');
    expect(h.vendor.charges.get(intent.latest_charge!)?.amount).toBe(2500);
    const body = h.vendor.server.requestsTo('payment_intents.create')[0]!.rawBody.toString('utf8');
    expect(body).toContain('automatic_payment_methods[enabled]=true');
    expect(body).toContain('automatic_payment_methods[allow_redirects]=never');
    // receipt_email is personal: the audit record of the call masks it.
    const audit = await h.stores.audit.list({ tenant: TENANT });
    const created = audit.find((record) => record.event === 'payment_intent_created');
    expect(JSON.stringify(created?.payload)).not.toContain('buyer@example.com');
  });

  it('retrieves an intent without approval', async () => {
    const created = outputOf<Intent>(
      await h.approved('create_payment_intent', { amount: 300, currency: 'usd' }),
    );
    const result = await h.call('retrieve_payment_intent', { payment_intent: created.id });
    expect(outputOf<Intent>(result)).toMatchObject({ id: created.id, amount: 300 });
    expect(result.status === 'ok' && result.vendor_request_id).toMatch(/^req_/);
  });

  it('cancels an intent that captured nothing, without approval', async () => {
    const created = outputOf<Intent>(
      await h.approved('create_payment_intent', { amount: 300, currency: 'usd' }),
    );
    const canceled = outputOf<Intent & { cancellation_reason: string }>(
      await h.call('cancel_payment_intent', {
        payment_intent: created.id,
        cancellation_reason: 'requested_by_customer',
      }),
    );
    expect(canceled).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'requested_by_customer',
    });
    expect(h.vendor.server.counters.get('payment_intents_canceled')).toBe(1);
  });

  it('refunds part of a succeeded payment after approval', async () => {
    const paid = outputOf<Intent>(
      await h.approved('create_payment_intent', {
        amount: 5000,
        currency: 'usd',
        confirm: true,
        payment_method: 'pm_card_visa',
      }),
    );
    const refund = outputOf<{ object: string; amount: number; payment_intent: string }>(
      await h.approved('refund_payment_intent', {
        payment_intent: paid.id,
        amount: 1500,
        reason: 'requested_by_customer',
        metadata: { ticket: 'T-9' },
      }),
    );
    expect(refund).toMatchObject({ object: 'refund', amount: 1500, payment_intent: paid.id });
    expect(h.vendor.charges.get(paid.latest_charge!)?.amount_refunded).toBe(1500);
    expect(h.vendor.server.counters.get('refunds_created')).toBe(1);
  });

  it.each([
    ['a fractional amount', { amount: 10.5, currency: 'usd' }],
    ['an upper-case currency', { amount: 100, currency: 'USD' }],
    ['confirm without a payment method', { amount: 100, currency: 'usd', confirm: true }],
    ['a metadata key with brackets', { amount: 100, currency: 'usd', metadata: { 'a[b]': 'x' } }],
    ['a malformed receipt email', { amount: 100, currency: 'usd', receipt_email: 'nobody' }],
  ])('rejects %s before any request or approval', async (_case, input) => {
    const error = await h.rejection(() => h.call('create_payment_intent', input));
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_INPUT_INVALID')).toBe(true);
    expect(h.vendor.server.requests).toHaveLength(0);
    expect(await h.runtime.approvals.list(TENANT)).toHaveLength(0);
  });

  it('rejects an id that is not a PaymentIntent id before it reaches a URL', async () => {
    const error = await h.rejection(() =>
      h.call('retrieve_payment_intent', { payment_intent: '../v1/balance' }),
    );
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_INPUT_INVALID')).toBe(true);
    expect(h.vendor.server.requests).toHaveLength(0);
  });

  it('asks for approval before moving money and runs only with a grant from someone else', async () => {
    const input = { amount: 700, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' };
    const asked = await h.call('create_payment_intent', input, 'order-7');
    expect(asked.status).toBe('approval_required');
    expect(h.vendor.server.requests).toHaveLength(0);
    if (asked.status !== 'approval_required') return;

    const selfGrant = await h.rejection(() =>
      h.runtime.approvals.grant(TENANT, asked.approval_id, 'agent-bot'),
    );
    expect(hasErrorCode(selfGrant, 'DLX_E_APPROVAL_SELF_DECISION')).toBe(true);

    await h.runtime.approvals.grant(TENANT, asked.approval_id, 'finance-approver');
    const ran = await h.runtime.execute(TENANT, 'stripe', 'create_payment_intent', {
      input,
      actor: 'agent-bot',
      approvalId: asked.approval_id,
      idempotencyKey: 'order-7',
    });
    expect(outputOf<Intent>(ran).status).toBe('succeeded');
    expect(h.vendor.server.counters.get('payment_intents_created')).toBe(1);
  });

  it('reports the probe ok with the key, and error when Stripe refuses it', async () => {
    expect((await h.runtime.probe(TENANT, 'stripe')).status).toBe('ok');
    expect(h.vendor.server.requests.at(-1)?.path).toBe('/v1/balance');
    h.vendor.server.injectFault({ route: 'balance.retrieve', fault: { kind: 'expired_token' } });
    const probe = await h.runtime.probe(TENANT, 'stripe');
    expect(probe).toMatchObject({ status: 'error', detail: expect.stringContaining('AUTH') });
  });
});
