import { secretForms } from '../secrets/secretScrubber';

/**
 * Every value this request sent that must never appear in an error: the Authorization header
 * (whole, its credential, and for Basic the decoded "user:password" and password) and the
 * idempotency key. Computed only when an error is built, never on the success path.
 */
export function secretsSentBy(
  headers: Readonly<Record<string, string>>,
  idempotencyHeader: string | undefined,
  idempotencyKey: string | undefined,
): string[] {
  const sent: string[] = [];
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    sent.push(authorization);
    const space = authorization.indexOf(' ');
    if (space > 0) {
      const credential = authorization.slice(space + 1).trim();
      sent.push(credential);
      if (authorization.slice(0, space).toLowerCase() === 'basic') {
        const decoded = Buffer.from(credential, 'base64').toString('utf8');
        sent.push(decoded);
        const colon = decoded.indexOf(':');
        if (colon !== -1) sent.push(decoded.slice(colon + 1));
      }
    }
  }
  if (idempotencyHeader !== undefined) {
    const value = headers[idempotencyHeader.toLowerCase()];
    if (value !== undefined) sent.push(value);
  }
  if (idempotencyKey !== undefined) sent.push(idempotencyKey);
  return sent.flatMap(secretForms);
}
