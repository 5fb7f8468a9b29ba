import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** The grant type of Salesforce's OAuth 2.0 JWT bearer flow (RFC 7523). */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** The connected app's certificate and the user it may act as, for the JWT bearer grant. */
export interface JwtBearerSettings {
  /** The public half of the key the connected app's certificate holds (PEM or a KeyObject). */
  publicKey: string | KeyObject;
  /** The Salesforce username a valid assertion names as `sub`. */
  username: string;
  /** The `aud` the org expects (default `https://login.salesforce.com`; sandboxes: test). */
  audience?: string;
  /**
   * How far in the future `exp` may lie, in seconds (default 300). Salesforce documents "within
   * 3 minutes" for exp; the exact bound it enforces is not documented, so it is a setting.
   */
  maxLifetimeSeconds?: number;
}

/** Why an assertion was refused, as the OAuth error the token route answers. */
export interface JwtRefusal {
  error: string;
  description: string;
}

interface Claims {
  iss?: unknown;
  sub?: unknown;
  aud?: unknown;
  exp?: unknown;
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function signedBy(key: KeyObject, signingInput: string, signature: string): boolean {
  try {
    return verify('sha256', Buffer.from(signingInput), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

const refused = (error: string, description: string): JwtRefusal => ({ error, description });

/**
 * Checks a JWT bearer assertion as Salesforce does: an RS256 signature by the connected app's
 * key over `header.payload`, `iss` the consumer key, `sub` the configured user, `aud` the
 * login host, `exp` in the future but not too far. Returns the refusal, or null when valid.
 * (Salesforce's exact error_description texts are not documented: these are close to them.)
 */
export function checkJwtAssertion(
  assertion: unknown,
  settings: JwtBearerSettings,
  clientId: string,
  nowMs: number,
): JwtRefusal | null {
  if (typeof assertion !== 'string') return refused('invalid_grant', 'assertion missing');
  const parts = assertion.split('.');
  if (parts.length !== 3) return refused('invalid_grant', 'invalid assertion');
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodeJson(headerPart) as { alg?: unknown } | undefined;
  if (header?.alg !== 'RS256') return refused('invalid_grant', 'invalid assertion');
  const key =
    typeof settings.publicKey === 'string'
      ? createPublicKey(settings.publicKey)
      : settings.publicKey;
  if (!signedBy(key, `${headerPart}.${payloadPart}`, signaturePart))
    return refused('invalid_grant', 'invalid assertion');
  const claims = decodeJson(payloadPart) as Claims | undefined;
  if (claims === undefined) return refused('invalid_grant', 'invalid assertion');
  if (claims.iss !== clientId) return refused('invalid_client_id', 'client identifier invalid');
  if (claims.aud !== (settings.audience ?? 'https://login.salesforce.com')) {
    return refused('invalid_grant', 'audience is invalid');
  }
  if (claims.sub !== settings.username) {
    return refused('invalid_grant', "user hasn't approved this consumer");
  }
  const nowSeconds = nowMs / 1000;
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) {
    return refused('invalid_grant', 'expired authorization code');
  }
  if (claims.exp > nowSeconds + (settings.maxLifetimeSeconds ?? 300)) {
    return refused('invalid_grant', 'invalid assertion');
  }
  return null;
}
