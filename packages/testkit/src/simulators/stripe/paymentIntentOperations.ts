import type { SimResponse } from '../../http/types';
import { noSuchResource, stripeError } from './stripeErrors';
import { STRIPE_COUNTERS } from './stripeOperation';
import type { StripeContext, StripeOperation } from './stripeOperation';
import {
  readBoolean,
  readMetadata,
  readOptionalString,
  readPositiveInteger,
  rejectUnknownParams,
} from './stripeParams';
import { belowMinimumCharge, missingReturnUrl } from './stripeLimits';
import { stripeId, unixNow } from './stripeState';
import type { PaymentIntentStatus, StripePaymentIntent, StripeState } from './stripeState';

/** Stripe's test PaymentMethods (docs.stripe.com/testing) and what confirming with them does. */
const TEST_PAYMENT_METHODS: Record<string, { decline?: { code: string; decline_code?: string } }> =
  {
    pm_card_visa: {},
    pm_card_mastercard: {},
    pm_card_amex: {},
    pm_card_chargeDeclined: { decline: { code: 'card_declined', decline_code: 'generic_decline' } },
    pm_card_chargeDeclinedInsufficientFunds: {
      decline: { code: 'card_declined', decline_code: 'insufficient_funds' },
    },
    pm_card_chargeDeclinedExpiredCard: { decline: { code: 'expired_card' } },
  };

const CREATE_PARAMS = [
  'amount',
  'currency',
  'confirm',
  'payment_method',
  'payment_method_types',
  'automatic_payment_methods',
  'capture_method',
  'confirmation_method',
  'metadata',
  'description',
  'customer',
  'receipt_email',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'return_url',
  'off_session',
  'setup_future_usage',
  'expand',
];

const CANCELABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
];

function unexpectedState(
  intent: StripePaymentIntent,
  action: string,
  allowed: string,
): SimResponse {
  return stripeError(
    400,
    {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be ${action === 'cancel' ? 'canceled' : 'captured'}: ${allowed}.`,
      payment_intent: { ...intent },
    },
    false,
  );
}

export function findIntent(
  ctx: StripeContext,
  id: string | undefined,
): StripePaymentIntent | SimResponse {
  const intent = id === undefined ? undefined : ctx.state.paymentIntents.get(id);
  return intent ?? noSuchResource('payment_intent', id ?? '', 'intent');
}

/**
 * The intent as an answer: `latest_charge` becomes the Charge object when the request asks to
 * expand it (`expand[]=latest_charge`, in the form or the query). Other expansions name objects
 * the simulator does not keep; their ids stay ids ([U]).
 */
export function intentAnswer(
  state: StripeState,
  intent: StripePaymentIntent,
  expand: unknown,
): SimResponse {
  const charge =
    intent.latest_charge !== null && expandList(expand).includes('latest_charge')
      ? state.charges.get(intent.latest_charge)
      : undefined;
  return {
    status: 200,
    body: charge === undefined ? { ...intent } : { ...intent, latest_charge: { ...charge } },
  };
}

/** `expand` as the form parser gives it (a list, or one value), or from `expand[N]` query keys. */
export function expandList(expand: unknown): string[] {
  if (typeof expand === 'string') return [expand];
  if (Array.isArray(expand)) return expand.filter((e): e is string => typeof e === 'string');
  if (typeof expand === 'object' && expand !== null)
    return Object.values(expand).filter((e): e is string => typeof e === 'string');
  return [];
}

/** The `expand[]` / `expand[N]` values of a GET's query string. */
export function queryExpand(query: Record<string, string | string[]>): string[] {
  return Object.entries(query)
    .filter(([name]) => name === 'expand' || /^expand\[\d*\]$/.test(name))
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]));
}

export function createPaymentIntent(ctx: StripeContext): StripeOperation {
  return (params, req) => {
    const unknown = rejectUnknownParams(params, CREATE_PARAMS);
    if (unknown) return unknown;
    const amount = readPositiveInteger(params, 'amount', true);
    if (!amount.ok) return amount.response;
    const currency = readOptionalString(params, 'currency');
    if (!currency.ok) return currency.response;
    if (currency.value === undefined)
      return stripeError(
        400,
        {
          type: 'invalid_request_error',
          code: 'parameter_missing',
          param: 'currency',
          message: 'Missing required param: currency.',
        },
        false,
      );
    if (!/^[a-z]{3}$/.test(currency.value)) {
      return stripeError(
        400,
        {
          type: 'invalid_request_error',
          param: 'currency',
          message: `Invalid currency: ${currency.value}. Stripe currencies are three-letter ISO codes in lowercase.`,
        },
        false,
      );
    }
    const tooSmall = belowMinimumCharge(amount.value as number, currency.value);
    if (tooSmall) return tooSmall;
    const confirm = readBoolean(params, 'confirm');
    if (!confirm.ok) return confirm.response;
    const metadata = readMetadata(params);
    if (!metadata.ok) return metadata.response;
    const captureMethod = readOptionalString(params, 'capture_method', [
      'automatic',
      'automatic_async',
      'manual',
    ]);
    if (!captureMethod.ok) return captureMethod.response;
    const paymentMethod = readOptionalString(params, 'payment_method');
    if (!paymentMethod.ok) return paymentMethod.response;
    const description = readOptionalString(params, 'description');
    if (!description.ok) return description.response;
    const method =
      paymentMethod.value === undefined ? undefined : TEST_PAYMENT_METHODS[paymentMethod.value];
    if (paymentMethod.value !== undefined && method === undefined) {
      return noSuchResource('PaymentMethod', paymentMethod.value, 'payment_method');
    }
    if (confirm.value && paymentMethod.value === undefined) {
      return stripeError(
        400,
        {
          type: 'invalid_request_error',
          code: 'payment_intent_unexpected_state',
          message:
            "You cannot confirm this PaymentIntent because it's missing a payment method. Update the PaymentIntent with a payment method and then confirm it again.",
        },
        false,
      );
    }
    if (confirm.value) {
      const noReturnUrl = missingReturnUrl(params, req.headers['stripe-version'] ?? ctx.apiVersion);
      if (noReturnUrl) return noReturnUrl;
    }

    return () => {
      const id = stripeId('pi');
      const intent: StripePaymentIntent = {
        id,
        object: 'payment_intent',
        amount: amount.value as number,
        amount_capturable: 0,
        amount_received: 0,
        currency: currency.value as string,
        status:
          paymentMethod.value === undefined ? 'requires_payment_method' : 'requires_confirmation',
        capture_method: captureMethod.value ?? 'automatic_async',
        confirmation_method: 'automatic',
        client_secret: `${id}_secret_${stripeId('s').slice(2)}`,
        created: unixNow(),
        livemode: false,
        metadata: metadata.value,
        description: description.value ?? null,
        payment_method: paymentMethod.value ?? null,
        latest_charge: null,
        last_payment_error: null,
        canceled_at: null,
        cancellation_reason: null,
      };
      ctx.state.paymentIntents.set(id, intent);
      ctx.counters.increment(STRIPE_COUNTERS.paymentIntentsCreated);
      if (!confirm.value) return intentAnswer(ctx.state, intent, params.expand);

      const decline = method?.decline;
      if (decline !== undefined) {
        const error = {
          type: 'card_error' as const,
          code: decline.code,
          decline_code: decline.decline_code,
          message:
            decline.code === 'expired_card' ? 'Your card has expired.' : 'Your card was declined.',
        };
        intent.status = 'requires_payment_method';
        intent.payment_method = null;
        intent.last_payment_error = { ...error };
        return stripeError(402, { ...error, payment_intent: { ...intent } }, false);
      }
      if (intent.capture_method === 'manual') {
        intent.status = 'requires_capture';
        intent.amount_capturable = intent.amount;
      } else {
        intent.status = 'succeeded';
        intent.amount_received = intent.amount;
        ctx.state.charge(intent, intent.amount);
      }
      return intentAnswer(ctx.state, intent, params.expand);
    };
  };
}

export function cancelPaymentIntent(ctx: StripeContext): StripeOperation {
  return (params, req) => {
    const unknown = rejectUnknownParams(params, ['cancellation_reason', 'expand']);
    if (unknown) return unknown;
    const reason = readOptionalString(params, 'cancellation_reason', [
      'duplicate',
      'fraudulent',
      'requested_by_customer',
      'abandoned',
    ]);
    if (!reason.ok) return reason.response;
    const intent = findIntent(ctx, req.params.id);
    if (!('object' in intent)) return intent;
    if (!CANCELABLE.includes(intent.status))
      return unexpectedState(intent, 'cancel', CANCELABLE.join(', '));
    return () => {
      intent.status = 'canceled';
      intent.canceled_at = unixNow();
      intent.cancellation_reason = reason.value ?? null;
      intent.amount_capturable = 0;
      ctx.counters.increment(STRIPE_COUNTERS.paymentIntentsCanceled);
      return { status: 200, body: { ...intent } };
    };
  };
}

export function capturePaymentIntent(ctx: StripeContext): StripeOperation {
  return (params, req) => {
    const unknown = rejectUnknownParams(params, ['amount_to_capture', 'metadata', 'expand']);
    if (unknown) return unknown;
    const amountToCapture = readPositiveInteger(params, 'amount_to_capture', false);
    if (!amountToCapture.ok) return amountToCapture.response;
    const intent = findIntent(ctx, req.params.id);
    if (!('object' in intent)) return intent;
    if (intent.status !== 'requires_capture')
      return unexpectedState(intent, 'capture', 'requires_capture');
    const amount = amountToCapture.value ?? intent.amount_capturable;
    if (amount > intent.amount_capturable) {
      return stripeError(
        400,
        {
          type: 'invalid_request_error',
          code: 'amount_too_large',
          param: 'amount_to_capture',
          message: `The amount to capture (${amount}) is greater than the capturable amount (${intent.amount_capturable}).`,
        },
        false,
      );
    }
    return () => {
      intent.status = 'succeeded';
      intent.amount_capturable = 0;
      intent.amount_received = amount;
      ctx.state.charge(intent, amount);
      ctx.counters.increment(STRIPE_COUNTERS.paymentIntentsCaptured);
      return { status: 200, body: { ...intent } };
    };
  };
}
