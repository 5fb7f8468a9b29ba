import { z } from '@dealix/connector-core';

// What each Stripe webhook event this connector accepts carries (webhooks.ts builds them):
// ids, amounts, statuses and decline codes, no card or customer data. The runtime redacts the
// audit copy through these schemas and the gate diffs schemas/webhooks/<event>.json.

const paymentIntentEvent = z.object({
  stripe_event_type: z.enum(['payment_intent.succeeded', 'payment_intent.payment_failed']),
  payment_intent: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.string(),
  failure_code: z.string().optional(),
  decline_code: z.string().optional(),
});

const chargeRefundedEvent = z.object({
  stripe_event_type: z.literal('charge.refunded'),
  charge: z.string(),
  payment_intent: z.string().nullable(),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  currency: z.string(),
});

export const STRIPE_WEBHOOK_EVENT_SCHEMAS = {
  payment_succeeded: paymentIntentEvent,
  payment_failed: paymentIntentEvent,
  charge_refunded: chargeRefundedEvent,
};
