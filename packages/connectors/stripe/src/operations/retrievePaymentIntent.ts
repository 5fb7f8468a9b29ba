import { defineOperation, pathSegment, vendorRequest, z } from '@dealix/connector-core';
import { paymentIntentId, paymentIntentOutput } from '../paymentIntentSchemas';
import type { StripeOperationContext } from '../stripeConfig';
import { stripeApi } from '../stripeRequest';

export const retrievePaymentIntentInput = z.object({ payment_intent: paymentIntentId });

export const retrievePaymentIntentOutput = paymentIntentOutput;

/** GET /v1/payment_intents/:id: the intent as Stripe has it now. */
export const retrievePaymentIntent = defineOperation({
  input: retrievePaymentIntentInput,
  output: retrievePaymentIntentOutput,
  run: (input, ctx: StripeOperationContext) =>
    vendorRequest(ctx, {
      ...stripeApi(ctx),
      url: `/v1/payment_intents/${pathSegment(input.payment_intent)}`,
      schema: paymentIntentOutput,
    }),
});
