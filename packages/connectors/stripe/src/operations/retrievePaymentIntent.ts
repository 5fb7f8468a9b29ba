import { defineOperation, z } from '@dealix/connector-core';
import { paymentIntentId, paymentIntentOutput } from '../paymentIntentSchemas';
import type { StripeOperationContext } from '../stripeConfig';
import { callStripe, pathId } from '../stripeRequest';

export const retrievePaymentIntentInput = z.object({ payment_intent: paymentIntentId });

export const retrievePaymentIntentOutput = paymentIntentOutput;

/** GET /v1/payment_intents/:id: the intent as Stripe has it now. */
export const retrievePaymentIntent = defineOperation({
  input: retrievePaymentIntentInput,
  output: retrievePaymentIntentOutput,
  run: (input, ctx: StripeOperationContext) =>
    callStripe(
      ctx,
      { method: 'GET', path: `/v1/payment_intents/${pathId(input.payment_intent)}` },
      paymentIntentOutput,
    ),
});
