import Stripe from 'stripe';
import { createStripeSimulator } from './stripeSimulator';
import type { StripeSimulator } from './stripeSimulator';

// Fidelity: the official stripe-node client, pointed at the simulator, must work unchanged.
describe('Stripe simulator with the official stripe package', () => {
  let sim: StripeSimulator;
  let stripe: Stripe;

  beforeEach(async () => {
    sim = createStripeSimulator();
    await sim.start();
    stripe = new Stripe(sim.apiKey, { ...sim.clientConfig(), maxNetworkRetries: 0 });
  });

  afterEach(() => sim.stop());

  it('creates, retrieves and refunds a PaymentIntent', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_visa',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      metadata: { order_id: '42' },
    });
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.status).toBe('succeeded');
    expect(intent.metadata).toEqual({ order_id: '42' });
    expect(intent.lastResponse.requestId).toMatch(/^req_/);

    const fetched = await stripe.paymentIntents.retrieve(intent.id);
    expect(fetched.amount_received).toBe(2500);

    const refund = await stripe.refunds.create({
      payment_intent: intent.id,
      amount: 1000,
      reason: 'requested_by_customer',
    });
    expect(refund.id).toMatch(/^re_/);
    expect(refund.amount).toBe(1000);
    expect(sim.charges.get(fetched.latest_charge as string)?.amount_refunded).toBe(1000);
    expect(sim.server.counters.snapshot()).toEqual({
      payment_intents_created: 1,
      refunds_created: 1,
    });
  });

  it('surfaces a declined card as a StripeCardError carrying the intent', async () => {
    const failure = await stripe.paymentIntents
      .create({
        amount: 500,
        currency: 'eur',
        confirm: true,
        payment_method: 'pm_card_chargeDeclined',
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Stripe.errors.StripeCardError);
    const cardError = failure as InstanceType<typeof Stripe.errors.StripeCardError>;
    expect(cardError.statusCode).toBe(402);
    expect(cardError.code).toBe('card_declined');
    expect(cardError.decline_code).toBe('generic_decline');
    expect(cardError.payment_intent?.status).toBe('requires_payment_method');
  });

  it('cancels an uncaptured intent and refuses a bad key', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 900,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_visa',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      capture_method: 'manual',
    });
    expect(intent.status).toBe('requires_capture');
    const canceled = await stripe.paymentIntents.cancel(intent.id, {
      cancellation_reason: 'abandoned',
    });
    expect(canceled.status).toBe('canceled');

    const intruder = new Stripe('sk_test_wrong', { ...sim.clientConfig(), maxNetworkRetries: 0 });
    await expect(intruder.balance.retrieve()).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
  });

  it('charges exactly once when the connection drops after processing (SDK retry replays the key)', async () => {
    sim.server.injectFault({
      route: 'payment_intents.create',
      fault: { kind: 'reset_after_processing' },
      times: 1,
    });
    const intent = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_visa',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    const attempts = sim.server.requestsTo('payment_intents.create');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]?.headers['idempotency-key']).toBe(attempts[0]?.headers['idempotency-key']);
    expect(intent.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(sim.server.counters.get('payment_intents_created')).toBe(1);
    expect(sim.paymentIntents.size).toBe(1);
  });

  it("refuses what real Stripe refuses, as the SDK's StripeInvalidRequestError", async () => {
    const refusal = (params: Stripe.PaymentIntentCreateParams) =>
      stripe.paymentIntents.create(params).catch((error: unknown) => error);
    const tooSmall = await refusal({ amount: 1, currency: 'usd' });
    expect(tooSmall).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooSmall).toMatchObject({ code: 'amount_too_small', param: 'amount' });
    // stripe-node pins an API version after 2023-08-16: automatic payment methods are on.
    const noReturnUrl = await refusal({
      amount: 2500,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    expect(noReturnUrl).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(noReturnUrl).toMatchObject({ param: 'return_url' });
    const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(await refusal({ amount: 2500, currency: 'usd', metadata })).toMatchObject({
      param: 'metadata',
    });
    expect(sim.paymentIntents.size).toBe(0);
  });

  it('expands latest_charge into a Charge for the SDK', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_visa',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      expand: ['latest_charge'],
    });
    const charge = intent.latest_charge as Stripe.Charge;
    expect(charge.object).toBe('charge');
    expect(charge.amount).toBe(2500);
    const fetched = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
    expect((fetched.latest_charge as Stripe.Charge).id).toBe(charge.id);
  });

  it('signs webhooks that constructEvent accepts, and a changed byte is rejected', () => {
    const payload = sim.webhookEvent('payment_intent.succeeded', {
      id: 'pi_123',
      object: 'payment_intent',
    });
    const header = sim.signWebhook(payload);
    const event = stripe.webhooks.constructEvent(payload, header, sim.webhookSecret);
    expect(event.type).toBe('payment_intent.succeeded');
    expect(event.id).toMatch(/^evt_/);

    const tampered = payload.replace('pi_123', 'pi_124');
    expect(() => stripe.webhooks.constructEvent(tampered, header, sim.webhookSecret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    const stale = sim.signWebhook(payload, Math.floor(Date.now() / 1000) - 3600);
    expect(() => stripe.webhooks.constructEvent(payload, stale, sim.webhookSecret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });
});
