import type { InboundWebhook } from '../contract/types';
import { isCorrelationId } from '../runtime/correlationId';

/**
 * The query parameter a callback URL carries its call's correlation id in. Some vendors call
 * back the URL a request gave them and sign it whole (Twilio's StatusCallback): the id then
 * comes back verified, and links a status that arrives before the answer naming its object
 * (before `ctx.recordVendorObject` could record it).
 */
export const CORRELATION_PARAMETER = 'dlx_correlation_id';

/** `url` with the call's correlation id as a query parameter (kept, should the URL have some). */
export function withCorrelationId(url: string, correlationId: string): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}${CORRELATION_PARAMETER}=${encodeURIComponent(correlationId)}`;
}

/**
 * The correlation id a verified callback's URL carries, if one is there and well formed (for
 * `WebhookEvent.correlationId`). Read it only after the signature over the URL is checked.
 */
export function carriedCorrelationId(req: InboundWebhook): string | undefined {
  const value = req.query[CORRELATION_PARAMETER];
  return typeof value === 'string' && isCorrelationId(value) ? value : undefined;
}
