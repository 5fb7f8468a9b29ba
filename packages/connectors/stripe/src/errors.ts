import { defineVendorErrors, z } from '@dealix/connector-core';

const stripeErrorBody = z.object({
  error: z.object({
    type: z.string(),
    code: z.string().optional(),
    decline_code: z.string().optional(),
    param: z.string().optional(),
  }),
});

/**
 * Stripe's error types and codes (docs.stripe.com/api/errors, stripe-node src/Error.ts) as core
 * errors, for the kit's vendorRequest. Codes that decide more than their type come first;
 * `Stripe-Should-Retry` overrides the retry decision, even on an answer that is not Stripe's.
 */
export const STRIPE_ERRORS = defineVendorErrors({
  vendor: 'Stripe',
  retryHeader: 'Stripe-Should-Retry',
  read: (body) => {
    const parsed = stripeErrorBody.safeParse(body);
    if (!parsed.success) return undefined;
    const { type, code, decline_code, param } = parsed.data.error;
    return {
      type,
      ...(code !== undefined && { code }),
      details: {
        stripe_type: type,
        ...(code !== undefined && { stripe_code: code }),
        ...(decline_code !== undefined && { decline_code }),
        ...(param !== undefined && { param }),
      },
    };
  },
  rules: [
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
  ],
});
