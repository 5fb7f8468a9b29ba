import { personal, z } from '@dealix/connector-core';

/** A PaymentIntent id (`pi_` + alphanumerics), checked before it goes into a URL path. */
export const paymentIntentId = z
  .string()
  .max(255)
  .regex(/^pi_[A-Za-z0-9]+$/, 'must be a PaymentIntent id (pi_...)');

export const PAYMENT_INTENT_STATUSES = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'canceled',
  'succeeded',
] as const;

export type PaymentIntentStatus = (typeof PAYMENT_INTENT_STATUSES)[number];

/** Statuses in which an intent holds no captured money and Stripe lets it be canceled. */
export const CANCELABLE_STATUSES: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'requires_capture',
];

/**
 * Stripe metadata as sent: at most 50 keys of up to 40 characters (no square brackets, which
 * the form encoding uses), values of up to 500 characters. Values often carry customer data,
 * so they are personal.
 */
export const metadataInput = z
  .record(
    z
      .string()
      .min(1)
      .max(40)
      .regex(/^[^[\]]+$/, 'must not contain square brackets'),
    personal(z.string().max(500)),
  )
  .refine((metadata) => Object.keys(metadata).length <= 50, 'at most 50 keys');

/** Stripe metadata as answered. */
export const metadataOutput = z.record(z.string(), personal(z.string()));

/** The fields of a PaymentIntent this connector returns (client_secret deliberately left out). */
export const paymentIntentOutput = z.object({
  id: z.string(),
  object: z.literal('payment_intent'),
  amount: z.number().int(),
  amount_capturable: z.number().int(),
  amount_received: z.number().int(),
  currency: z.string(),
  status: z.enum(PAYMENT_INTENT_STATUSES),
  capture_method: z.string(),
  payment_method: z.string().nullable(),
  latest_charge: z.string().nullable(),
  last_payment_error: z
    .object({
      type: z.string(),
      code: z.string().optional(),
      decline_code: z.string().optional(),
    })
    .nullable(),
  canceled_at: z.number().int().nullable(),
  cancellation_reason: z.string().nullable(),
  description: personal(z.string()).nullable(),
  metadata: metadataOutput,
  created: z.number().int(),
  livemode: z.boolean(),
});

export type PaymentIntent = z.output<typeof paymentIntentOutput>;

/** The fields of a Refund this connector returns. */
export const refundOutput = z.object({
  id: z.string(),
  object: z.literal('refund'),
  amount: z.number().int(),
  currency: z.string(),
  charge: z.string().nullable(),
  payment_intent: z.string().nullable(),
  reason: z.string().nullable(),
  status: z.enum(['pending', 'requires_action', 'succeeded', 'failed', 'canceled']),
  metadata: metadataOutput,
  created: z.number().int(),
});
