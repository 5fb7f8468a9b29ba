import { DlxError, isDlxError, z, type ErrorCode } from '@dealix/connector-core';

/** One row of the table: which Stripe answers become which core error. First match wins. */
interface StripeErrorRule {
  /** Stripe's `error.type`. */
  type?: string;
  /** Stripe's `error.code`. */
  code?: string;
  /** HTTP status, for answers whose type alone does not decide. */
  status?: number;
  to: ErrorCode;
}

/**
 * Stripe's error types and codes (docs.stripe.com/api/errors, stripe-node src/Error.ts) mapped
 * to core error codes. Codes that decide more than their type come first.
 */
export const STRIPE_ERROR_TABLE: readonly StripeErrorRule[] = [
  // Another request with the same key is still executing: a later retry replays its answer.
  { code: 'idempotency_key_in_use', to: 'DLX_E_VENDOR_TRANSIENT' },
  // The object is locked by another request; Stripe says to retry.
  { code: 'lock_timeout', to: 'DLX_E_VENDOR_TRANSIENT' },
  { code: 'rate_limit', to: 'DLX_E_VENDOR_RATE_LIMITED' },
  { type: 'rate_limit_error', to: 'DLX_E_VENDOR_RATE_LIMITED' },
  { type: 'authentication_error', to: 'DLX_E_VENDOR_AUTH' },
  // Stripe Connect OAuth: the grant is gone, a person must reconnect.
  { type: 'invalid_grant', to: 'DLX_E_VENDOR_AUTH' },
  // A restricted key without the permission: a configuration problem, never retried.
  { status: 403, to: 'DLX_E_VENDOR_AUTH' },
  // The key was used before with other parameters.
  { type: 'idempotency_error', to: 'DLX_E_IDEMPOTENCY_CONFLICT' },
  // Declined, expired, incorrect CVC...: the same request will be declined again.
  { type: 'card_error', to: 'DLX_E_VENDOR_PERMANENT' },
  { type: 'api_error', to: 'DLX_E_VENDOR_TRANSIENT' },
  { type: 'invalid_request_error', to: 'DLX_E_VENDOR_PERMANENT' },
];

const stripeErrorBody = z.object({
  error: z.object({
    type: z.string(),
    code: z.string().optional(),
    decline_code: z.string().optional(),
    param: z.string().optional(),
  }),
});

export type StripeErrorFields = z.output<typeof stripeErrorBody>['error'];

const SHOULD_RETRY_HEADER = 'stripe-should-retry';

/** The table row for a Stripe error, or undefined when Stripe's answer names nothing we know. */
export function stripeErrorRule(
  fields: StripeErrorFields,
  status: number,
): StripeErrorRule | undefined {
  return STRIPE_ERROR_TABLE.find(
    (rule) =>
      (rule.type === undefined || rule.type === fields.type) &&
      (rule.code === undefined || rule.code === fields.code) &&
      (rule.status === undefined || rule.status === status),
  );
}

/**
 * Turns an error thrown by ctx.http into the error the runtime should see. A Stripe error body
 * decides the code by its type and code (never its message); `Stripe-Should-Retry` overrides
 * the retry decision. The request id, vendor status, Retry-After wait and whether the request
 * may have reached Stripe are kept. Anything else (network failures, timeouts, bodies that
 * are not Stripe's) is returned unchanged.
 */
export function mapStripeError(error: unknown): unknown {
  if (!isDlxError(error) || error.response === undefined) return error;
  const parsed = stripeErrorBody.safeParse(error.response.body);
  const shouldRetry = parseShouldRetry(error.response.headers[SHOULD_RETRY_HEADER]);
  if (!parsed.success) {
    if (shouldRetry === undefined || shouldRetry === error.retryable) return error;
    return rebuild(error, error.code, error.message, { retryable: shouldRetry });
  }
  const fields = parsed.data.error;
  const rule = stripeErrorRule(fields, error.response.status);
  const label = [fields.type, fields.code].filter((part) => part !== undefined).join('/');
  return rebuild(error, rule?.to ?? error.code, `${error.message} (Stripe ${label})`, {
    vendorCode: fields.code ?? fields.type,
    ...(shouldRetry !== undefined && { retryable: shouldRetry }),
    details: {
      ...error.details,
      stripe_type: fields.type,
      ...(fields.code !== undefined && { stripe_code: fields.code }),
      ...(fields.decline_code !== undefined && { decline_code: fields.decline_code }),
      ...(fields.param !== undefined && { param: fields.param }),
    },
  });
}

function rebuild(
  error: DlxError,
  code: ErrorCode,
  message: string,
  extra: { vendorCode?: string; retryable?: boolean; details?: Record<string, unknown> },
): DlxError {
  return new DlxError(code, message, {
    mayHaveReachedVendor: error.mayHaveReachedVendor,
    ...(error.vendorRequestId !== undefined && { vendorRequestId: error.vendorRequestId }),
    ...(error.vendorStatus !== undefined && { vendorStatus: error.vendorStatus }),
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    ...(error.vendorCode !== undefined && { vendorCode: error.vendorCode }),
    ...(error.details !== undefined && { details: error.details }),
    ...(error.response !== undefined && { response: error.response }),
    ...extra,
    cause: error,
  });
}

function parseShouldRetry(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const normalized = value.trim().toLowerCase();
  if (normalized === 'true') return true;
  if (normalized === 'false') return false;
  return undefined;
}
