import { stripeId } from './stripeState';

/** The event types the Stripe simulator delivers on demand, with a sample object each. */
export const STRIPE_SAMPLE_EVENTS: Readonly<Record<string, () => Record<string, unknown>>> = {
  'payment_intent.succeeded': () => samplePaymentIntent('succeeded', null),
  'payment_intent.payment_failed': () =>
    samplePaymentIntent('requires_payment_method', {
      code: 'card_declined',
      decline_code: 'generic_decline',
      type: 'card_error',
    }),
  'charge.refunded': () => ({
    id: stripeId('ch'),
    object: 'charge',
    amount: 1500,
    amount_refunded: 1500,
    currency: 'usd',
    paid: true,
    payment_intent: stripeId('pi'),
    refunded: true,
    status: 'succeeded',
  }),
};

function samplePaymentIntent(
  status: string,
  lastPaymentError: Record<string, unknown> | null,
): Record<string, unknown> {
  return {
    id: stripeId('pi'),
    object: 'payment_intent',
    amount: 1500,
    amount_received: status === 'succeeded' ? 1500 : 0,
    currency: 'usd',
    livemode: false,
    metadata: {},
    status,
    last_payment_error: lastPaymentError,
  };
}
