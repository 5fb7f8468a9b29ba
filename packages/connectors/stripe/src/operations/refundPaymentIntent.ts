import { defineOperation, vendorRequest, z } from '@dealix/connector-core';
import { encodeStripeForm } from '../formEncoding';
import { metadataInput, paymentIntentId, refundOutput } from '../paymentIntentSchemas';
import type { StripeOperationContext } from '../stripeConfig';
import { stripeApi } from '../stripeRequest';

export const refundPaymentIntentInput = z.object({
  payment_intent: paymentIntentId,
  /** Minor units; without it Stripe refunds whatever is left unrefunded. */
  amount: z.number().int().positive().max(99_999_999).optional(),
  reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
  metadata: metadataInput.optional(),
});

export const refundPaymentIntentOutput = refundOutput;

/** POST /v1/refunds for a succeeded PaymentIntent's charge: money goes back to the customer. */
export const refundPaymentIntent = defineOperation({
  input: refundPaymentIntentInput,
  output: refundPaymentIntentOutput,
  run: (input, ctx: StripeOperationContext) =>
    vendorRequest(ctx, {
      ...stripeApi(ctx),
      method: 'POST',
      url: '/v1/refunds',
      form: encodeStripeForm(input),
      schema: refundOutput,
    }),
});
