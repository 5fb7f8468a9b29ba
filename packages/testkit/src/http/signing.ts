import { hmacDigest, type HmacAlgorithm } from '@dealix/connector-core';
import { rawHttpRequest } from './rawHttpRequest';
import type { RawHttpResponse } from './rawHttpRequest';

/** HMAC digest in hex, as WhatsApp (`sha256=<hex>`), Stripe (`v1=`) and Cal.com sign webhooks. */
export function hmacHex(
  algorithm: HmacAlgorithm,
  key: string | Buffer,
  data: string | Buffer,
): string {
  return hmacDigest(algorithm, key, data).toString('hex');
}

/** HMAC digest in base64, as Twilio signs callbacks (HMAC-SHA1). */
export function hmacBase64(
  algorithm: HmacAlgorithm,
  key: string | Buffer,
  data: string | Buffer,
): string {
  return hmacDigest(algorithm, key, data).toString('base64');
}

export interface WebhookDelivery {
  /** Default POST. */
  method?: string;
  headers?: Record<string, string>;
  /** Sent byte for byte: the signature was computed over exactly these bytes. */
  body: string | Buffer;
  timeoutMs?: number;
}

/** Delivers a signed webhook to a URL the way a vendor does, on a connection closed afterwards. */
export function postWebhook(url: string, delivery: WebhookDelivery): Promise<RawHttpResponse> {
  return rawHttpRequest(url, {
    method: delivery.method ?? 'POST',
    headers: delivery.headers,
    body: delivery.body,
    timeoutMs: delivery.timeoutMs,
  });
}
