import type { SimResponse } from '../../http/types';

export type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error'
  | 'authentication_error'
  | 'rate_limit_error';

export interface StripeErrorFields {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  payment_intent?: unknown;
}

export const SHOULD_RETRY_HEADER = 'Stripe-Should-Retry';

/**
 * `{error:{type,code,message,param,decline_code,doc_url}}` as docs.stripe.com/api/errors shows.
 * `shouldRetry` says what a retry would achieve and becomes `Stripe-Should-Retry` (stripe-node
 * obeys it before its own 409/5xx rules); the simulator option `shouldRetryHeader` decides
 * whether the header is sent at all, since which errors carry it is not documented.
 */
export function stripeError(
  status: number,
  fields: StripeErrorFields,
  shouldRetry?: boolean,
): SimResponse {
  const error: Record<string, unknown> = { type: fields.type, message: fields.message };
  if (fields.code !== undefined) {
    error.code = fields.code;
    error.doc_url = `https://stripe.com/docs/error-codes/${fields.code.replace(/_/g, '-')}`;
  }
  if (fields.param !== undefined) error.param = fields.param;
  if (fields.decline_code !== undefined) error.decline_code = fields.decline_code;
  if (fields.payment_intent !== undefined) error.payment_intent = fields.payment_intent;
  const headers: Record<string, string> =
    shouldRetry === undefined ? {} : { [SHOULD_RETRY_HEADER]: String(shouldRetry) };
  return { status, headers, body: { error } };
}

export function missingParam(param: string): SimResponse {
  return stripeError(
    400,
    {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param,
      message: `Missing required param: ${param}.`,
    },
    false,
  );
}

export function invalidParam(param: string, message: string, code?: string): SimResponse {
  return stripeError(400, { type: 'invalid_request_error', code, param, message }, false);
}

export function noSuchResource(kind: string, id: string, param: string): SimResponse {
  return stripeError(
    404,
    {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param,
      message: `No such ${kind}: '${id}'`,
    },
    false,
  );
}

/** Stripe shows only the last four characters of a key in its errors. */
export function redactKey(key: string): string {
  const prefix = key.split('_').slice(0, 2).join('_');
  return `${prefix}_****${key.slice(-4)}`;
}
