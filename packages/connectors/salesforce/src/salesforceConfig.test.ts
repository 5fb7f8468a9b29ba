import { generateKeyPairSync } from 'node:crypto';
import {
  createMemoryStores,
  GovernanceRuntime,
  RecordingLogger,
  VirtualClock,
} from '@dealix/connector-core';
import { CLIENT_SECRET, jwtKeys, loadManifest } from './__fixtures__/salesforceHarness';
import { connector } from './index';

const base = { client_id: '3MVG9consumer', login_url: 'https://acme.my.salesforce.com' };
/** Registers the connector for a tenant with `raw` as its config, as the host does. */
async function register(raw: Record<string, unknown>) {
  const runtime = new GovernanceRuntime({
    stores: createMemoryStores(),
    clock: new VirtualClock(),
    logger: new RecordingLogger(),
  });
  try {
    await runtime.register({
      tenant: 'acme',
      plugin: connector,
      manifest: loadManifest(),
      version: '0.1.0',
      config: raw,
    });
    return runtime.get('acme', 'salesforce').config;
  } finally {
    await runtime.shutdown(1_000);
  }
}

const refusal = async (raw: Record<string, unknown>) => {
  const error = await register(raw).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error === undefined) throw new Error('expected the config to be refused');
  return error as { code: string; message: string; details?: Record<string, unknown> };
};

describe('the tenant config', () => {
  it('takes client credentials, with the defaults of the manifest', async () => {
    expect(await register({ ...base, client_secret: CLIENT_SECRET })).toEqual({
      ...base,
      client_secret: CLIENT_SECRET,
      api_version: 'v60.0',
      jwt_audience: 'https://login.salesforce.com',
      max_records: 2000,
    });
  });

  it('takes the JWT bearer flow instead, and max_records from the environment as text', async () => {
    const config = await register({
      ...base,
      username: 'integration@acme.example',
      private_key: jwtKeys.privateKeyPem,
      jwt_audience: 'https://test.salesforce.com',
      max_records: '5000',
    });
    expect(config).toMatchObject({
      max_records: 5000,
      jwt_audience: 'https://test.salesforce.com',
    });
  });

  it.each([
    ['no way to sign in', {}, 'client_secret', 'is required unless username and private_key'],
    ['a username without a key', { username: 'u@x.y' }, 'private_key', 'is required with username'],
    [
      'a key without a username',
      { private_key: jwtKeys.privateKeyPem },
      'username',
      'is required with private_key',
    ],
    [
      'both flows at once',
      { client_secret: CLIENT_SECRET, username: 'u@x.y', private_key: jwtKeys.privateKeyPem },
      'client_secret',
      'must be unset',
    ],
    [
      'a key that is not PEM',
      { username: 'u@x.y', private_key: 'not-a-key-0123456789' },
      'private_key',
      'PEM-encoded RSA',
    ],
    [
      'a max_records past 50,000',
      { client_secret: CLIENT_SECRET, max_records: 50_001 },
      'max_records',
      'rejected',
    ],
    [
      'an API version that is not vNN.0',
      { client_secret: CLIENT_SECRET, api_version: '60' },
      'api_version',
      'v60.0',
    ],
  ])('refuses %s, naming the field and never a secret', async (_case, extra, field, text) => {
    const error = await refusal({ ...base, ...extra });
    expect(error).toMatchObject({ code: 'DLX_E_CONFIG_INVALID', details: { field } });
    expect(error.message).toContain(text);
    expect(error.message).not.toContain(CLIENT_SECRET);
    expect(error.message).not.toContain('PRIVATE KEY');
    expect(error.message).not.toContain('not-a-key-0123456789');
  });

  it('refuses an EC key: the JWT bearer flow signs with RS256', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const error = await refusal({
      ...base,
      username: 'u@x.y',
      private_key: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    expect(error).toMatchObject({ details: { field: 'private_key' } });
  });

  it('refuses a login URL outside *.my.salesforce.com', async () => {
    const error = await refusal({
      ...base,
      login_url: 'https://login.example.com',
      client_secret: CLIENT_SECRET,
    });
    expect(error).toMatchObject({ code: 'DLX_E_CONFIG_INVALID', details: { field: 'login_url' } });
  });
});
