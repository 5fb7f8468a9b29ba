import { generateKeyPairSync } from 'node:crypto';
import { JWT_BEARER_GRANT } from '@dealix/connector-testkit';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  JWT_USERNAME,
  lead,
  outputOf,
  useSalesforceHarness,
} from './__fixtures__/salesforceHarness';

const TOKEN_ROUTE = 'salesforce.oauth.token';
const create = { sobject: 'Lead', fields: lead() };
const formOf = (request: { rawBody: Buffer }) =>
  Object.fromEntries(new URLSearchParams(request.rawBody.toString('utf8')));

describe('signing in with OAuth 2.0 client credentials', () => {
  const harness = useSalesforceHarness();

  it('asks the My Domain token endpoint once and reuses the session for every call', async () => {
    const h = harness();
    await h.call('create_record', create, 'lead-1');
    await h.call('query', { soql: 'SELECT Id FROM Lead' });
    expect(h.vendor.counters.get('tokens_issued')).toBe(1);
    const [tokenRequest] = h.vendor.server.requestsTo(TOKEN_ROUTE);
    expect(tokenRequest!.path).toBe('/services/oauth2/token');
    expect(formOf(tokenRequest!)).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    const [createRequest] = h.vendor.server.requestsTo('salesforce.sobject.create');
    expect(createRequest!.headers.authorization).toMatch(/^Bearer 00DSIM/);
  });

  it('refreshes an expired session once, mid-run, and creates the record exactly once', async () => {
    const h = harness();
    await h.call('create_record', create, 'lead-1');
    h.vendor.expireTokens();
    const result = await h.call('create_record', { ...create, fields: lead('Nasser') }, 'lead-2');
    expect(result).toMatchObject({ status: 'ok', attempts: 1 });
    expect(h.vendor.counters.get('tokens_issued')).toBe(2);
    // The refused request never acted, so re-sending a create that is not idempotent was safe.
    expect(h.vendor.requestsTo('salesforce.sobject.create')).toHaveLength(3);
    expect(h.vendor.counters.get('records_created')).toBe(2);
  });

  it('refreshes once only: a second refusal ends the call as auth, never retried', async () => {
    const h = harness();
    await h.call('query', { soql: 'SELECT Id FROM Lead' });
    h.vendor.server.injectFault({
      route: 'salesforce.query',
      fault: { kind: 'expired_token' },
      times: 5,
    });
    const error = await h.rejection(() => h.call('query', { soql: 'SELECT Id FROM Lead' }));
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_AUTH',
      vendorCode: 'INVALID_SESSION_ID',
      retryable: false,
    });
    expect(h.vendor.counters.get('tokens_issued')).toBe(2);
    expect(h.vendor.requestsTo('salesforce.query')).toHaveLength(3);
  });

  it('reports refused client credentials as auth, with the OAuth error and no REST call', async () => {
    const h = harness();
    h.vendor.server.injectFault({
      route: TOKEN_ROUTE,
      fault: {
        kind: 'status',
        status: 400,
        body: { error: 'invalid_client', error_description: 'invalid client credentials' },
      },
      times: 1,
    });
    const error = await h.rejection(() => h.call('create_record', create, 'lead-1'));
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_AUTH',
      vendorCode: 'invalid_client',
      details: expect.objectContaining({ oauth_error: 'invalid_client' }),
    });
    expect(h.vendor.requestsTo('salesforce.sobject.create')).toHaveLength(0);
    const probe = await h.runtime.probe(h.tenant, 'salesforce');
    expect(probe.status).toBe('ok');
  });

  it("retries a create whose token request failed: nothing reached Salesforce's records", async () => {
    const h = harness();
    h.vendor.server.injectFault({ route: TOKEN_ROUTE, fault: { kind: 'reset' }, times: 1 });
    const result = await h.call('create_record', create, 'lead-1');
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
    expect(h.vendor.counters.get('records_created')).toBe(1);
  });
});

describe('signing in with the JWT bearer flow', () => {
  const harness = useSalesforceHarness({ signIn: 'jwt_bearer' });

  it('exchanges an RS256 assertion the org verifies with the app certificate', async () => {
    const h = harness();
    const created = outputOf<{ id: string }>(await h.call('create_record', create, 'lead-1'));
    expect(h.vendor.records('Lead')).toMatchObject([{ Id: created.id }]);
    expect(h.vendor.counters.get('tokens_issued')).toBe(1);
    const form = formOf(h.vendor.server.requestsTo(TOKEN_ROUTE)[0]!);
    expect(form).not.toHaveProperty('client_secret');
    expect(form.grant_type).toBe(JWT_BEARER_GRANT);
    const [header, payload] = String(form.assertion).split('.');
    const decode = (part = '') => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    expect(decode(header)).toEqual({ alg: 'RS256' });
    const claims = decode(payload);
    expect(claims).toMatchObject({
      iss: CLIENT_ID,
      sub: JWT_USERNAME,
      aud: 'https://login.salesforce.com',
    });
    const lifetime = claims.exp - Math.floor(h.clock.now() / 1000);
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(180);
  });

  it('signs a new assertion when the session expires, once', async () => {
    const h = harness();
    await h.call('query', { soql: 'SELECT Id FROM Lead' });
    h.vendor.expireTokens();
    expect(await h.call('query', { soql: 'SELECT Id FROM Lead' })).toMatchObject({
      status: 'ok',
      attempts: 1,
    });
    const assertions = h.vendor.server.requestsTo(TOKEN_ROUTE).map((r) => formOf(r).assertion);
    expect(assertions).toHaveLength(2);
  });
});

describe('a JWT bearer assertion the org does not accept', () => {
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const harness = useSalesforceHarness({
    signIn: 'jwt_bearer',
    config: {
      private_key: stranger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
  });

  it('is an auth error on every call and on the health probe, with no REST call', async () => {
    const h = harness();
    const error = await h.rejection(() => h.call('query', { soql: 'SELECT Id FROM Lead' }));
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_AUTH', vendorCode: 'invalid_grant' });
    expect(h.vendor.requestsTo('salesforce.query')).toHaveLength(0);
    expect(await h.runtime.probe(h.tenant, 'salesforce')).toMatchObject({
      status: 'error',
      detail: expect.stringContaining('invalid_grant'),
    });
  });
});
