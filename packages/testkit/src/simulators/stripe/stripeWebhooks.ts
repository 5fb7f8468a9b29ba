import { hmacHex } from '../../http/signing';
import { stripeId, unixNow } from './stripeState';

/**
 * The `Stripe-Signature` value stripe-node's `webhooks.constructEvent` verifies:
 * `t=<unix>,v1=<hex HMAC-SHA256 of "t.payload" keyed with the whsec_ secret>`.
 */
export function signStripePayload(secret: string, payload: string, timestamp = unixNow()): string {
  return `t=${timestamp},v1=${hmacHex('sha256', secret, `${timestamp}.${payload}`)}`;
}

/** A v1 event envelope as Stripe posts it, serialized once so it can be signed byte for byte. */
export function buildStripeEvent(type: string, object: unknown, apiVersion: string): string {
  return JSON.stringify({
    id: stripeId('evt'),
    object: 'event',
    api_version: apiVersion,
    created: unixNow(),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });
}
