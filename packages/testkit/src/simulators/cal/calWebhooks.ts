import { hmacHex } from '../../http/signing';

/** The header value Cal.com sends when the webhook has no secret configured. */
export const CAL_NO_SECRET_SIGNATURE = 'no-secret-provided';

/**
 * `X-Cal-Signature-256`: HMAC-SHA256 hex of the raw body, with no `sha256=` prefix
 * (packages/features/webhooks/lib/sendPayload.ts).
 */
export function signCalWebhook(secret: string | null, rawBody: string | Buffer): string {
  if (secret === null || secret === '') return CAL_NO_SECRET_SIGNATURE;
  return hmacHex('sha256', secret, rawBody);
}

/** The default webhook body: `{triggerEvent, createdAt, payload}`, serialised once so it can be signed. */
export function calWebhookBody(
  triggerEvent: string,
  payload: unknown,
  createdAt = new Date(),
): string {
  return JSON.stringify({ triggerEvent, createdAt: createdAt.toISOString(), payload });
}
