import { defineOperation, personal, vendorRequest, z } from '@dealix/connector-core';
import { encodeStripeForm } from '../formEncoding';
import { metadataInput, paymentIntentOutput } from '../paymentIntentSchemas';
import type { StripeOperationContext } from '../stripeConfig';
import { stripeApi } from '../stripeRequest';

export const createPaymentIntentInput = z
  .object({
    /** Minor units (cents): 1099 is 10.99 USD. Stripe's upper bound is 8 digits. */
    amount: z.number().int().positive().max(99_999_999),
    /** ISO 4217, lower case, as Stripe requires. */
    currency: z.string().regex(/^[a-z]{3}$/, 'must be a lower-case three-letter ISO code'),
    metadata: metadataInput.optional(),
    /** Confirm at once with `payment_method`: this is what moves money. */
    confirm: z.boolean().optional(),
    payment_method: z
      .string()
      .max(255)
      .regex(/^pm_[A-Za-z0-9_]+$/, 'must be a PaymentMethod id (pm_...)')
      .optional(),
    capture_method: z.enum(['automatic', 'automatic_async', 'manual']).optional(),
    description: personal(z.string().max(1000)).optional(),
    receipt_email: personal(z.email()).optional(),
  })
  .refine((input) => input.confirm !== true || input.payment_method !== undefined, {
    path: ['payment_method'],
    message: 'confirm: true needs a payment_method',
  });

export const createPaymentIntentOutput = paymentIntentOutput;

/**
 * POST /v1/payment_intents. With `confirm` and a payment method the customer is charged (or
 * the amount held, with capture_method manual). A server-side confirmation cannot follow a
 * redirect, so a confirmed intent allows no redirect-based payment methods.
 */
export const createPaymentIntent = defineOperation({
  input: createPaymentIntentInput,
  output: createPaymentIntentOutput,
  run: (input, ctx: StripeOperationContext) =>
    vendorRequest(ctx, {
      ...stripeApi(ctx),
      method: 'POST',
      url: '/v1/payment_intents',
      form: encodeStripeForm({
        ...input,
        ...(input.confirm === true && {
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        }),
      }),
      schema: paymentIntentOutput,
    }),
  compensate: ({ output }) => ({
    operation: 'reverse_payment_intent',
    input: { payment_intent: output.id },
  }),
});
