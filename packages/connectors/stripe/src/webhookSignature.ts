import { createHmac, timingSafeEqual } from 'node:crypto';

/** stripe-node's DEFAULT_TOLERANCE: a signed timestamp older than this is a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface StripeSignatureHeader {
  timestamp: number;
  /** The `v1` signatures, hex; Stripe sends several while a secret is being rolled. */
  signatures: string[];
}

/** Parses `t=<unix>,v1=<hex>[,v1=<hex>][,v0=...]`; undefined when there is no t or no v1. */
export function parseSignatureHeader(header: string): StripeSignatureHeader | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (name === 'v1') signatures.push(value);
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/**
 * True when one of the v1 signatures is the HMAC-SHA256 (hex) of `${t}.${rawBody}` keyed with
 * the endpoint secret, compared in constant time over the raw bytes.
 */
export function hasValidSignature(
  parsed: StripeSignatureHeader,
  rawBody: Buffer,
  secret: string,
): boolean {
  const expected = createHmac('sha256', secret)
    .update(`${parsed.timestamp}.`, 'utf8')
    .update(rawBody)
    .digest();
  let matched = false;
  for (const candidate of parsed.signatures) {
    if (!/^[0-9a-fA-F]+$/.test(candidate)) continue;
    const given = Buffer.from(candidate, 'hex');
    // Every candidate is compared, so the time taken does not tell which one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}
