import { timingSafeEqual } from 'node:crypto';

/**
 * Whether a presented credential (API key, token, client secret, `Bearer <key>`) is the expected
 * one, compared in constant time as the vendors compare them; an absent one never is.
 */
export function sameSecret(actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false;
  const a = Buffer.from(actual);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
