import { defineConnector } from '@dealix/connector-core';
import { checkStripeHealth } from './healthCheck';
import { cancelPaymentIntent } from './operations/cancelPaymentIntent';
import { createPaymentIntent } from './operations/createPaymentIntent';
import { refundPaymentIntent } from './operations/refundPaymentIntent';
import { retrievePaymentIntent } from './operations/retrievePaymentIntent';
import { reversePaymentIntent } from './operations/reversePaymentIntent';
import { stripeConfig, type StripeState } from './stripeConfig';
import { STRIPE_WEBHOOK_EVENT_SCHEMAS } from './webhookEventSchemas';
import { verifyStripeWebhook } from './webhooks';

/** The Stripe connector plugin (key `stripe`): PaymentIntents and refunds under governance. */
export const connector = defineConnector({
  key: 'stripe',
  config: stripeConfig,
  http: {
    idempotencyHeader: 'Idempotency-Key',
    requestIdHeaders: ['request-id'],
    sensitiveHeaders: ['stripe-signature'],
  },
  initialize: async (): Promise<StripeState> => undefined,
  operations: {
    create_payment_intent: createPaymentIntent,
    retrieve_payment_intent: retrievePaymentIntent,
    cancel_payment_intent: cancelPaymentIntent,
    refund_payment_intent: refundPaymentIntent,
    reverse_payment_intent: reversePaymentIntent,
  },
  healthCheck: checkStripeHealth,
  verifyWebhook: verifyStripeWebhook,
  webhookEvents: STRIPE_WEBHOOK_EVENT_SCHEMAS,
});

export type { StripeConfig } from './stripeConfig';
export { STRIPE_API_VERSION } from './stripeRequest';
export { STRIPE_WEBHOOK_EVENTS } from './webhooks';
export { WEBHOOK_TOLERANCE_SECONDS } from './webhooks';
