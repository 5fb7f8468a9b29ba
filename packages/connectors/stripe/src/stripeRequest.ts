import { DlxError, type ConnectorContext, type z } from '@dealix/connector-core';
import { mapStripeError } from './errors';
import { encodeStripeForm } from './formEncoding';
import type { StripeConfig } from './stripeConfig';

/**
 * The Stripe API version the output schemas were written against. Pinned so that a change of
 * the account's default version cannot change the shapes this connector parses.
 */
export const STRIPE_API_VERSION = '2025-01-27.acacia';

export interface StripeCall {
  method: 'GET' | 'POST';
  /** Path under the base URL, e.g. `/v1/payment_intents`; ids already URI-encoded. */
  path: string;
  /** POST parameters, form-encoded with nested brackets. */
  form?: Readonly<Record<string, unknown>>;
}

/**
 * One Stripe request through ctx.http: Bearer auth with the tenant's key, the pinned API
 * version, the form body, Stripe's error mapping, and the answer parsed with `schema`. The
 * runtime's idempotency key goes out as Idempotency-Key on POSTs (declared in the plugin's
 * `http` conventions, added by ctx.http).
 */
export async function callStripe<S extends z.ZodType>(
  ctx: ConnectorContext<StripeConfig>,
  call: StripeCall,
  schema: S,
): Promise<z.output<S>> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${ctx.config.api_key}`,
    'stripe-version': STRIPE_API_VERSION,
  };
  if (call.method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
  let data: unknown;
  try {
    const response = await ctx.http.request({
      method: call.method,
      baseURL: ctx.config.base_url,
      url: call.path,
      headers,
      ...(call.method === 'POST' && { data: encodeStripeForm(call.form ?? {}) }),
    });
    data = response.data;
  } catch (error) {
    throw mapStripeError(error);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new DlxError(
      'DLX_E_RUNTIME_OUTPUT_INVALID',
      `stripe: ${call.method} ${call.path} answered a shape the connector does not expect: ${parsed.error.issues
        .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
        .join('; ')}`,
      { mayHaveReachedVendor: true },
    );
  }
  return parsed.data;
}

/** A Stripe object id as a path segment. */
export function pathId(id: string): string {
  return encodeURIComponent(id);
}
