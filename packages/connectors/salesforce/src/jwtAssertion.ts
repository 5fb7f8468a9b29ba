import { createPrivateKey, sign } from 'node:crypto';

/** The grant type of the OAuth 2.0 JWT bearer flow (RFC 7523). */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Salesforce wants the assertion's exp "within 3 minutes" (remoteaccess_oauth_jwt_flow). */
const ASSERTION_LIFETIME_SECONDS = 180;

export interface AssertionClaims {
  /** The app's consumer key. */
  clientId: string;
  /** The Salesforce username the session acts as. */
  username: string;
  /** https://login.salesforce.com, or https://test.salesforce.com for a sandbox org. */
  audience: string;
}

const encodePart = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The RS256-signed assertion Salesforce exchanges for an access token (no refresh token). */
export function jwtAssertion(claims: AssertionClaims, privateKey: string, nowMs: number): string {
  const signingInput = `${encodePart({ alg: 'RS256' })}.${encodePart({
    iss: claims.clientId,
    sub: claims.username,
    aud: claims.audience,
    exp: Math.floor(nowMs / 1000) + ASSERTION_LIFETIME_SECONDS,
  })}`;
  const signature = sign('sha256', Buffer.from(signingInput), createPrivateKey(privateKey));
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** True for a PEM private key node:crypto reads as RSA; never throws, never echoes the key. */
export function isRsaPrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}
