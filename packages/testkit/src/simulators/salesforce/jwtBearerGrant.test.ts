import { generateKeyPairSync } from 'node:crypto';
import { createSalesforceSimulator, type SalesforceSimulator } from './salesforceSimulator';
import { call, json, requestJwtToken, signAssertion } from './__fixtures__/salesforceClient';

// Keys are made at test time: nothing secret is committed.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const USERNAME = 'integration@acme.example';

describe('Salesforce simulator: the JWT bearer grant', () => {
  let sim: SalesforceSimulator;
  beforeAll(async () => {
    sim = createSalesforceSimulator({
      clientId: '3MVG9jwt-consumer-key',
      jwt: {
        publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        username: USERNAME,
      },
    });
    await sim.start();
  });
  afterAll(() => sim.stop());

  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: sim.clientId,
    sub: USERNAME,
    aud: 'https://login.salesforce.com',
    exp: Math.floor(Date.now() / 1000) + 120,
    ...overrides,
  });

  it('issues a working token, without a signature or refresh token, for a valid assertion', async () => {
    const before = sim.counters.get('tokens_issued');
    const response = await requestJwtToken(sim, signAssertion(claims(), privateKey));
    expect(response.status).toBe(200);
    const body = json(response) as Record<string, string>;
    expect(body).toMatchObject({ token_type: 'Bearer', instance_url: sim.baseUrl });
    expect(body).not.toHaveProperty('signature');
    expect(body).not.toHaveProperty('refresh_token');
    expect(sim.counters.get('tokens_issued')).toBe(before + 1);
    const limits = await call(sim, 'GET', '/services/data/v60.0/limits', {
      token: body.access_token,
    });
    expect(limits.status).toBe(200);
  });

  it.each([
    ['signed with another key', () => signAssertion(claims(), other.privateKey), 'invalid_grant'],
    [
      'with a changed payload',
      () => {
        const [header, , signature] = signAssertion(claims(), privateKey).split('.');
        const forged = Buffer.from(JSON.stringify(claims({ sub: 'admin@acme.example' })));
        return `${header}.${forged.toString('base64url')}.${signature}`;
      },
      'invalid_grant',
    ],
    [
      'for another consumer key',
      () => signAssertion(claims({ iss: 'x' }), privateKey),
      'invalid_client_id',
    ],
    [
      'for another user',
      () => signAssertion(claims({ sub: 'x@y.z' }), privateKey),
      'invalid_grant',
    ],
    [
      'for another audience',
      () => signAssertion(claims({ aud: 'https://evil.example' }), privateKey),
      'invalid_grant',
    ],
    [
      'expired',
      () => signAssertion(claims({ exp: Math.floor(Date.now() / 1000) - 1 }), privateKey),
      'invalid_grant',
    ],
    [
      'valid for too long',
      () => signAssertion(claims({ exp: Math.floor(Date.now() / 1000) + 3600 }), privateKey),
      'invalid_grant',
    ],
    ['that is not a JWT', () => 'not-a-jwt', 'invalid_grant'],
  ])('refuses an assertion %s with 400 and issues nothing', async (_case, assertion, error) => {
    const before = sim.counters.get('tokens_issued');
    const response = await requestJwtToken(sim, assertion());
    expect(response.status).toBe(400);
    expect(json(response)).toMatchObject({ error });
    expect(sim.counters.get('tokens_issued')).toBe(before);
  });

  it('refuses the grant on an org with no certificate configured', async () => {
    const plain = createSalesforceSimulator();
    await plain.start();
    const response = await requestJwtToken(plain, signAssertion(claims(), privateKey));
    await plain.stop();
    expect(response.status).toBe(400);
    expect(json(response)).toMatchObject({ error: 'invalid_grant' });
  });
});
