import { createHmac, randomBytes } from 'node:crypto';

interface IssuedToken {
  issuedAt: number;
  expired: boolean;
}

export type TokenState = 'valid' | 'expired' | 'unknown';

/** The access tokens the simulated org issued, and which of them still work. */
export class SalesforceTokenRegistry {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly orgId: string,
    private readonly ttlMs: number | undefined,
  ) {}

  /** An opaque token shaped like Salesforce's (`<org id>!<random>`). */
  issue(now: number): string {
    const token = `${this.orgId}!AR${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { issuedAt: now, expired: false });
    return token;
  }

  state(token: string, now: number): TokenState {
    const issued = this.tokens.get(token);
    if (issued === undefined) return 'unknown';
    if (issued.expired) return 'expired';
    if (this.ttlMs !== undefined && now - issued.issuedAt >= this.ttlMs) return 'expired';
    return 'valid';
  }

  /** Every token issued so far stops working, as when an admin revokes sessions. */
  expireAll(): void {
    for (const issued of this.tokens.values()) issued.expired = true;
  }

  clear(): void {
    this.tokens.clear();
  }
}

/**
 * The token response's `signature`: base64 HMAC-SHA256 of `id + issued_at` keyed with the client
 * secret, which lets a client check the identity URL was not tampered with.
 */
export function tokenSignature(
  clientSecret: string,
  identityUrl: string,
  issuedAt: string,
): string {
  return createHmac('sha256', clientSecret)
    .update(identityUrl + issuedAt)
    .digest('base64');
}
