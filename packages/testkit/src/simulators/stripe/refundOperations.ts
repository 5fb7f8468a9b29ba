import { noSuchResource, stripeError } from './stripeErrors';
import { findIntent } from './paymentIntentOperations';
import { STRIPE_COUNTERS } from './stripeOperation';
import type { StripeContext, StripeOperation } from './stripeOperation';
import {
  readMetadata,
  readOptionalString,
  readPositiveInteger,
  rejectUnknownParams,
} from './stripeParams';
import { stripeId, unixNow } from './stripeState';
import type { StripeRefund } from './stripeState';

const REFUND_PARAMS = ['payment_intent', 'charge', 'amount', 'reason', 'metadata', 'expand'];

/** POST /v1/refunds: only a succeeded intent's charge, never more than is left unrefunded. */
export function createRefund(ctx: StripeContext): StripeOperation {
  return (params) => {
    const unknown = rejectUnknownParams(params, REFUND_PARAMS);
    if (unknown) return unknown;
    const amount = readPositiveInteger(params, 'amount', false);
    if (!amount.ok) return amount.response;
    const reason = readOptionalString(params, 'reason', [
      'duplicate',
      'fraudulent',
      'requested_by_customer',
    ]);
    if (!reason.ok) return reason.response;
    const metadata = readMetadata(params);
    if (!metadata.ok) return metadata.response;
    const intentId = readOptionalString(params, 'payment_intent');
    if (!intentId.ok) return intentId.response;
    const chargeId = readOptionalString(params, 'charge');
    if (!chargeId.ok) return chargeId.response;

    let charge = chargeId.value === undefined ? undefined : ctx.state.charges.get(chargeId.value);
    if (chargeId.value !== undefined && charge === undefined) {
      return noSuchResource('charge', chargeId.value, 'charge');
    }
    if (charge === undefined) {
      if (intentId.value === undefined) {
        return stripeError(
          400,
          {
            type: 'invalid_request_error',
            code: 'parameter_missing',
            param: 'payment_intent',
            message:
              'One of the following params should be provided for this request: payment_intent or charge.',
          },
          false,
        );
      }
      const intent = findIntent(ctx, intentId.value);
      if (!('object' in intent))
        return { ...intent, body: replaceParam(intent.body, 'payment_intent') };
      charge =
        intent.latest_charge === null ? undefined : ctx.state.charges.get(intent.latest_charge);
      if (intent.status !== 'succeeded' || charge === undefined) {
        return stripeError(
          400,
          {
            type: 'invalid_request_error',
            code: 'charge_not_refundable',
            param: 'payment_intent',
            message: `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
          },
          false,
        );
      }
    }
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining === 0) {
      return stripeError(
        400,
        {
          type: 'invalid_request_error',
          code: 'charge_already_refunded',
          message: `Charge ${charge.id} has already been refunded.`,
        },
        false,
      );
    }
    const refundAmount = amount.value ?? remaining;
    if (refundAmount > remaining) {
      return stripeError(
        400,
        {
          type: 'invalid_request_error',
          code: 'amount_too_large',
          param: 'amount',
          message: `Refund amount (${refundAmount}) is greater than unrefunded amount on charge (${remaining})`,
        },
        false,
      );
    }
    const target = charge;
    return () => {
      const refund: StripeRefund = {
        id: stripeId('re'),
        object: 'refund',
        amount: refundAmount,
        currency: target.currency,
        charge: target.id,
        payment_intent: target.payment_intent,
        reason: reason.value ?? null,
        status: 'succeeded',
        created: unixNow(),
        metadata: metadata.value,
      };
      target.amount_refunded += refundAmount;
      target.refunded = target.amount_refunded === target.amount;
      ctx.state.refunds.set(refund.id, refund);
      ctx.counters.increment(STRIPE_COUNTERS.refundsCreated);
      return { status: 200, body: { ...refund } };
    };
  };
}

function replaceParam(body: unknown, param: string): unknown {
  const error = (body as { error: Record<string, unknown> }).error;
  return { error: { ...error, param } };
}
