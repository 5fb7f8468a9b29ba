import { defineOperation, pathSegment, vendorRequest, z } from '@dealix/connector-core';
import { encodeStripeForm } from '../formEncoding';
import { paymentIntentId, paymentIntentOutput } from '../paymentIntentSchemas';
import type { StripeOperationContext } from '../stripeConfig';
import { stripeApi } from '../stripeRequest';

export const cancelPaymentIntentInput = z.object({
  payment_intent: paymentIntentId,
  cancellation_reason: z
    .enum(['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'])
    .optional(),
});

export const cancelPaymentIntentOutput = paymentIntentOutput;

/**
 * POST /v1/payment_intents/:id/cancel. Stripe allows it while nothing is captured
 * (requires_* statuses); an authorized amount (requires_capture) is released. Anything else is
 * Stripe's `payment_intent_unexpected_state`, a permanent error.
 */
export const cancelPaymentIntent = defineOperation({
  input: cancelPaymentIntentInput,
  output: cancelPaymentIntentOutput,
  run: (input, ctx: StripeOperationContext) =>
    vendorRequest(ctx, {
      ...stripeApi(ctx),
      method: 'POST',
      url: `/v1/payment_intents/${pathSegment(input.payment_intent)}/cancel`,
      form: encodeStripeForm({ cancellation_reason: input.cancellation_reason }),
      schema: paymentIntentOutput,
    }),
});
