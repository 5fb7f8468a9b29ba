import {
  DlxError,
  defineOperation,
  hasErrorCode,
  pathSegment,
  vendorRequest,
  z,
} from '@dealix/connector-core';
import { encodeStripeForm } from '../formEncoding';
import {
  CANCELABLE_STATUSES,
  PAYMENT_INTENT_STATUSES,
  paymentIntentId,
  paymentIntentOutput,
  refundOutput,
} from '../paymentIntentSchemas';
import type { StripeOperationContext } from '../stripeConfig';
import { stripeApi } from '../stripeRequest';

export const reversePaymentIntentInput = z.object({ payment_intent: paymentIntentId });

export const reversePaymentIntentOutput = z.object({
  payment_intent: z.string(),
  /** `canceled`: nothing was captured and the intent is canceled; `refunded`: money returned. */
  action: z.enum(['canceled', 'refunded']),
  /** The intent's status after the reversal. */
  status: z.enum(PAYMENT_INTENT_STATUSES),
  /** The refund made, or null when canceled or when the charge was already fully refunded. */
  refund: refundOutput.nullable(),
});

type ReverseOutput = z.input<typeof reversePaymentIntentOutput>;

/**
 * The compensation of create_payment_intent: reads the intent, then cancels it while nothing
 * is captured or refunds it once it succeeded. A retry after a lost answer finds the intent
 * canceled, or sends the same refund under the same Idempotency-Key, so it reverses once.
 */
export const reversePaymentIntent = defineOperation({
  input: reversePaymentIntentInput,
  output: reversePaymentIntentOutput,
  run: async (input, ctx: StripeOperationContext): Promise<ReverseOutput> => {
    const path = `/v1/payment_intents/${pathSegment(input.payment_intent)}`;
    const intent = await vendorRequest(ctx, {
      ...stripeApi(ctx),
      url: path,
      schema: paymentIntentOutput,
    });
    if (intent.status === 'canceled') {
      return { payment_intent: intent.id, action: 'canceled', status: intent.status, refund: null };
    }
    if (CANCELABLE_STATUSES.includes(intent.status)) {
      const canceled = await vendorRequest(ctx, {
        ...stripeApi(ctx),
        method: 'POST',
        url: `${path}/cancel`,
        form: '',
        schema: paymentIntentOutput,
      });
      return {
        payment_intent: canceled.id,
        action: 'canceled',
        status: canceled.status,
        refund: null,
      };
    }
    if (intent.status === 'succeeded') return refundWhole(ctx, intent.id);
    // processing: neither cancelable nor refundable until Stripe settles it. Nothing changed at
    // Stripe, so the error says so: the runtime then keeps no failed result under the key, and
    // the same reversal can run again once the payment settles.
    throw new DlxError(
      'DLX_E_VENDOR_PERMANENT',
      `stripe: PaymentIntent ${intent.id} is ${intent.status}; it can be reversed once it has succeeded or failed`,
      {
        mayHaveReachedVendor: false,
        details: { payment_intent: intent.id, status: intent.status },
      },
    );
  },
});

async function refundWhole(ctx: StripeOperationContext, id: string): Promise<ReverseOutput> {
  try {
    const refund = await vendorRequest(ctx, {
      ...stripeApi(ctx),
      method: 'POST',
      url: '/v1/refunds',
      form: encodeStripeForm({ payment_intent: id }),
      schema: refundOutput,
    });
    return { payment_intent: id, action: 'refunded', status: 'succeeded', refund };
  } catch (error) {
    // Refunded in full already (by hand, or by an earlier reversal): nothing is left to return.
    if (
      hasErrorCode(error, 'DLX_E_VENDOR_PERMANENT') &&
      error.vendorCode === 'charge_already_refunded'
    ) {
      return { payment_intent: id, action: 'refunded', status: 'succeeded', refund: null };
    }
    throw error;
  }
}
