import type { SideEffectCounters } from '../../http/sideEffectCounters';
import type { RouteDef, SimRequest, SimResponse } from '../../http/types';
import { sameSecret } from '../../http/sameSecret';
import { checkJwtAssertion, JWT_BEARER_GRANT, type JwtBearerSettings } from './jwtBearerGrant';
import { tokenSignature } from './salesforceTokens';
import type { SalesforceTokenRegistry } from './salesforceTokens';

export interface OAuthTokenRouteDeps {
  clientId: string;
  clientSecret: string;
  orgId: string;
  userId: string;
  tokens: SalesforceTokenRegistry;
  counters: () => SideEffectCounters;
  baseUrl: () => string;
  /** The JWT bearer grant's certificate and user; without it that grant is refused. */
  jwt?: JwtBearerSettings;
}

export const TOKEN_ROUTE_ID = 'salesforce.oauth.token';

function oauthError(error: string, description: string): SimResponse {
  return { status: 400, body: { error, error_description: description } };
}

/** Client credentials from the form body, or from HTTP Basic as RFC 6749 §2.3.1 also allows. */
function clientCredentials(req: SimRequest, form: Record<string, unknown>): [string, string] {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return [decoded.slice(0, colon), decoded.slice(colon + 1)];
  }
  const id = typeof form.client_id === 'string' ? form.client_id : '';
  const secret = typeof form.client_secret === 'string' ? form.client_secret : '';
  return [id, secret];
}

/** The token answer of either grant; only client credentials carry a `signature`. */
function issued(deps: OAuthTokenRouteDeps, signed: boolean): SimResponse {
  const now = Date.now();
  const issuedAt = String(now);
  const accessToken = deps.tokens.issue(now);
  const identityUrl = `${deps.baseUrl()}/id/${deps.orgId}/${deps.userId}`;
  deps.counters().increment('tokens_issued');
  return {
    status: 200,
    body: {
      access_token: accessToken,
      ...(signed && { signature: tokenSignature(deps.clientSecret, identityUrl, issuedAt) }),
      token_format: 'opaque',
      scope: 'api',
      instance_url: deps.baseUrl(),
      id: identityUrl,
      token_type: 'Bearer',
      issued_at: issuedAt,
    },
  };
}

function clientCredentialsGrant(
  deps: OAuthTokenRouteDeps,
  req: SimRequest,
  form: Record<string, unknown>,
): SimResponse {
  const [clientId, clientSecret] = clientCredentials(req, form);
  if (!sameSecret(clientId, deps.clientId) || !sameSecret(clientSecret, deps.clientSecret)) {
    return oauthError('invalid_client', 'invalid client credentials');
  }
  return issued(deps, true);
}

/** RFC 7523: no client secret, an RS256-signed assertion instead; no refresh token. */
function jwtBearerGrant(deps: OAuthTokenRouteDeps, form: Record<string, unknown>): SimResponse {
  if (deps.jwt === undefined) return oauthError('invalid_grant', 'invalid assertion');
  const refusal = checkJwtAssertion(form.assertion, deps.jwt, deps.clientId, Date.now());
  if (refusal !== null) return oauthError(refusal.error, refusal.description);
  return issued(deps, false);
}

/** POST /services/oauth2/token: the client credentials and JWT bearer grants. */
export function createOAuthTokenRoute(deps: OAuthTokenRouteDeps): RouteDef {
  return {
    id: TOKEN_ROUTE_ID,
    method: 'POST',
    path: '/services/oauth2/token',
    handler: (req) => {
      const form = req.form();
      if (form.grant_type === 'client_credentials') return clientCredentialsGrant(deps, req, form);
      if (form.grant_type === JWT_BEARER_GRANT) return jwtBearerGrant(deps, form);
      return oauthError('unsupported_grant_type', 'grant type not supported');
    },
  };
}
