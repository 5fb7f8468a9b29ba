import { stringify } from 'qs';

/**
 * Stripe's request body: application/x-www-form-urlencoded with nested brackets
 * (`metadata[order_id]=42`, `expand[0]=latest_charge`), encoded as stripe-node does it
 * (src/utils.ts stringifyRequestData): qs with indexed arrays, dates as unix seconds, and the
 * brackets left readable. Undefined values are left out.
 */
export function encodeStripeForm(params: Readonly<Record<string, unknown>>): string {
  return stringify(params, {
    arrayFormat: 'indices',
    serializeDate: (date: Date) => String(Math.floor(date.getTime() / 1000)),
  })
    .replace(/%5B/g, '[')
    .replace(/%5D/g, ']');
}
