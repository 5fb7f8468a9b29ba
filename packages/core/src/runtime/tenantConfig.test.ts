import { ledgerConnector } from './__fixtures__/ledgerConnector';
import { ledgerManifestWith } from './__fixtures__/runtimeHarness';
import { resolveTenantConfig } from './tenantConfig';

const manifest = ledgerManifestWith();
const SECRET = 'sk_test_do_not_print_1234';

describe('tenant config', () => {
  it('resolves allowed_hosts from config values and collects secrets', () => {
    const r = resolveTenantConfig('acme', manifest, ledgerConnector, {
      base_url: 'http://127.0.0.1:9999',
      api_key: SECRET,
    });
    expect(r.allowedHosts).toEqual(['127.0.0.1']);
    expect(r.secrets).toEqual([SECRET]);
  });

  it('names tenant, connector and field of a missing secret, without any value', () => {
    expect(() =>
      resolveTenantConfig('acme', manifest, ledgerConnector, { base_url: 'http://127.0.0.1:1' }),
    ).toThrow(
      expect.objectContaining({
        code: 'DLX_E_CONFIG_MISSING_SECRET',
        message: expect.stringContaining(
          'tenant "acme", connector "ledger": config field "api_key" (secret) is required',
        ),
      }),
    );
  });

  it('refuses a host outside host_pattern unless sandbox loopback is allowed', () => {
    const raw = { base_url: 'https://evil.example.com', api_key: SECRET };
    expect(() => resolveTenantConfig('acme', manifest, ledgerConnector, raw)).toThrow(
      expect.objectContaining({
        code: 'DLX_E_CONFIG_INVALID',
        message: expect.stringContaining('does not match host_pattern "127.0.0.1"'),
      }),
    );
  });

  it('refuses an undeclared config field, listing the allowed ones', () => {
    expect(() =>
      resolveTenantConfig('acme', manifest, ledgerConnector, {
        base_url: 'http://127.0.0.1:1',
        api_key: SECRET,
        apikey: 'typo',
      }),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringContaining(
          '"apikey" is not declared; allowed fields are base_url, api_key',
        ),
      }),
    );
  });

  it('never puts a secret value in a type error', () => {
    try {
      resolveTenantConfig('acme', manifest, ledgerConnector, {
        base_url: 'http://127.0.0.1:1',
        api_key: 12345,
      });
      throw new Error('expected a failure');
    } catch (error) {
      expect(JSON.stringify(error) + String(error)).not.toContain('12345');
    }
  });
});
