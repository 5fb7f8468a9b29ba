import type { ConnectorContext, VendorErrorTable } from '@dealix/connector-core';
import { STRIPE_ERRORS } from './errors';
import type { StripeConfig } from './stripeConfig';

/**
 * The Stripe API version the output schemas were written against. Pinned so that a change of
 * the account's default version cannot change the shapes this connector parses.
 */
export const STRIPE_API_VERSION = '2025-01-27.acacia';

/**
 * What every Stripe request carries, spread into the kit's vendorRequest: the base URL, Bearer
 * auth with the tenant's key, the pinned API version and Stripe's error table. The runtime's
 * idempotency key goes out as Idempotency-Key on POSTs (the plugin's `http` conventions).
 */
export function stripeApi(ctx: ConnectorContext<StripeConfig>): {
  baseURL: string;
  headers: Record<string, string>;
  errors: VendorErrorTable;
} {
  return {
    baseURL: ctx.config.base_url,
    headers: {
      authorization: `Bearer ${ctx.config.api_key}`,
      'stripe-version': STRIPE_API_VERSION,
    },
    errors: STRIPE_ERRORS,
  };
}
