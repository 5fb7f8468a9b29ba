/** A `key=value,key=value` signature header, read for its timestamp and signatures. */
export interface SignatureHeaderParts {
  /** Seconds since the epoch; undefined when the header has none. */
  timestamp: number | undefined;
  /** Every value of the signature key, in order (Stripe sends several while a secret rolls). */
  signatures: string[];
}

/**
 * Parses a signature header of comma-separated `key=value` pairs (Stripe's
 * `t=<unix>,v1=<hex>,v1=<hex>,v0=...`). Other keys are ignored; a timestamp that is not 1 to 12
 * digits is treated as absent.
 */
export function parseSignatureHeader(
  header: string | undefined,
  keys: { timestamp: string; signature: string },
): SignatureHeaderParts {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of (header ?? '').split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (name === keys.timestamp && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === keys.signature && value !== '') signatures.push(value);
  }
  return { timestamp, signatures };
}
