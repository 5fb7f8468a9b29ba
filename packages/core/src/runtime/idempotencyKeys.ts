import { sha256Hex } from '../digest';

export const MAX_KEY_LENGTH = 255;

/** A caller's Idempotency-Key: 1..255 printable ASCII characters (what vendors accept). */
export function validKey(key: string): boolean {
  return key.length >= 1 && key.length <= MAX_KEY_LENGTH && /^[\x21-\x7e]+$/.test(key);
}

/**
 * The key of an idempotent call made without a caller key: a digest of tenant, connector,
 * operation and payload (docs/architecture.md). It goes to the vendor too (Stripe scopes keys to
 * the whole account), so two operations with the same payload must never share it.
 */
export function automaticKey(
  tenant: string,
  connector: string,
  operation: string,
  payloadDigest: string,
): string {
  return `auto:${sha256Hex(`${tenant}\u0000${connector}\u0000${operation}\u0000${payloadDigest}`)}`;
}
