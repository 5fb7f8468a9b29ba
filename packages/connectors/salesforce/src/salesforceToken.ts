import {
  vendorRequest,
  z,
  type AccessToken,
  type ConnectorContext,
  type TokenSource,
} from '@dealix/connector-core';
import { SALESFORCE_ERRORS } from './errors';
import { JWT_BEARER_GRANT, jwtAssertion } from './jwtAssertion';
import type { SalesforceConfig } from './salesforceConfig';

/** Both grants answer this (client credentials adds a `signature`; neither a refresh token). */
const tokenAnswer = z.object({
  access_token: z.string().min(1),
  instance_url: z.url({ protocol: /^https?$/ }),
});

/** The grant the tenant's config selects: JWT bearer with username + private_key. */
function grantForm(config: SalesforceConfig, nowMs: number): Record<string, string> {
  if (config.username !== undefined && config.private_key !== undefined) {
    const claims = {
      clientId: config.client_id,
      username: config.username,
      audience: config.jwt_audience,
    };
    return {
      grant_type: JWT_BEARER_GRANT,
      assertion: jwtAssertion(claims, config.private_key, nowMs),
    };
  }
  return {
    grant_type: 'client_credentials',
    client_id: config.client_id,
    client_secret: config.client_secret ?? '',
  };
}

async function fetchSalesforceToken(ctx: ConnectorContext<SalesforceConfig>): Promise<AccessToken> {
  const answer = await vendorRequest(ctx, {
    method: 'POST',
    // The My Domain token endpoint serves both grants (remoteaccess_oauth_jwt_flow).
    url: new URL('/services/oauth2/token', ctx.config.login_url).toString(),
    form: grantForm(ctx.config, ctx.clock.now()),
    schema: tokenAnswer,
    errors: SALESFORCE_ERRORS,
  });
  // No expiry comes with either token: the session ends after the org's inactivity timeout,
  // and the first request it refuses (INVALID_SESSION_ID) makes the runtime fetch a new one.
  return { token: answer.access_token, extra: { instance_url: answer.instance_url } };
}

/**
 * The org's session, cached by the runtime per (tenant, connector): fetched once however many
 * calls ask at the same time, registered as a secret, replaced once when Salesforce refuses it.
 */
export const salesforceTokenSource: TokenSource<SalesforceConfig> = {
  fetch: fetchSalesforceToken,
};
