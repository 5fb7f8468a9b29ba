import { createHmac, timingSafeEqual } from 'node:crypto';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** One webhook signature check: what was signed, with which secret, and what was received. */
export interface HmacSignatureCheck {
  algorithm: HmacAlgorithm;
  secret: string | Buffer;
  /**
   * The signed bytes, exactly as received: the raw body, or pieces signed one after another
   * (Stripe: `${t}.` then the body; Twilio: signedUrlPayload(url, params)).
   */
  payload: string | Buffer | readonly (string | Buffer)[];
  /** The signature received; several (a secret being rolled) pass when any one matches. */
  signature: string | readonly string[] | undefined;
  /** How the vendor writes the digest. */
  encoding: 'hex' | 'base64';
  /** Text the vendor puts before the digest ("sha256="); a signature without it fails. */
  prefix?: string;
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Whether a webhook's signature is the HMAC of its payload under the secret. Every candidate is
 * decoded and compared in constant time (all of them, so the time taken does not tell which
 * one matched); a missing or malformed signature is simply false.
 */
export function verifyHmacSignature(check: HmacSignatureCheck): boolean {
  const expected = hmacDigest(check.algorithm, check.secret, check.payload);
  const candidates =
    check.signature === undefined
      ? []
      : typeof check.signature === 'string'
        ? [check.signature]
        : check.signature;
  let matched = false;
  for (const candidate of candidates) {
    const given = decodeSignature(candidate, check.encoding, check.prefix);
    if (
      given !== undefined &&
      given.length === expected.length &&
      timingSafeEqual(given, expected)
    ) {
      matched = true;
    }
  }
  return matched;
}

/** The HMAC digest of the payload pieces, in order. */
export function hmacDigest(
  algorithm: HmacAlgorithm,
  secret: string | Buffer,
  payload: HmacSignatureCheck['payload'],
): Buffer {
  const hmac = createHmac(algorithm, secret);
  const pieces = typeof payload === 'string' || Buffer.isBuffer(payload) ? [payload] : payload;
  for (const piece of pieces) hmac.update(piece);
  return hmac.digest();
}

function decodeSignature(
  text: string,
  encoding: 'hex' | 'base64',
  prefix: string | undefined,
): Buffer | undefined {
  let digest = text.trim();
  if (prefix !== undefined) {
    if (!digest.startsWith(prefix)) return undefined;
    digest = digest.slice(prefix.length);
  }
  if (encoding === 'hex') return HEX.test(digest) ? Buffer.from(digest, 'hex') : undefined;
  return BASE64.test(digest) ? Buffer.from(digest, 'base64') : undefined;
}
