import { createMemoryStores } from '../stores/memory';
import { GovernanceRuntime } from '../runtime/governanceRuntime';
import { ledgerConnector } from '../runtime/__fixtures__/ledgerConnector';
import { ledgerManifestWith } from '../runtime/__fixtures__/runtimeHarness';
import { webhookPath, webhookUrl } from './webhookUrl';

describe('webhook URLs', () => {
  it('join the public base and the host route, one trailing slash or none', () => {
    expect(webhookUrl('https://h.example', 'acme', 'voice')).toBe(
      'https://h.example/webhooks/acme/voice',
    );
    expect(webhookUrl('https://h.example/base/', 'acme', 'voice')).toBe(
      'https://h.example/base/webhooks/acme/voice',
    );
    expect(webhookPath('a b', 'x/y')).toBe('/webhooks/a%20b/x%2Fy');
  });

  it('are on every context once the host knows its base, a coded error before', async () => {
    const runtime = new GovernanceRuntime({ stores: createMemoryStores() });
    const rc = await runtime.register({
      tenant: 'acme',
      plugin: ledgerConnector,
      manifest: ledgerManifestWith(),
      version: '1.0.0',
      config: { base_url: 'http://127.0.0.1:9', api_key: 'k_0123456789' },
    });
    expect(() => rc.kit.webhookUrl()).toThrow(
      expect.objectContaining({ code: 'DLX_E_CONFIG_INVALID' }),
    );
    runtime.setPublicBaseUrl('http://127.0.0.1:4100');
    expect(rc.kit.webhookUrl()).toBe('http://127.0.0.1:4100/webhooks/acme/ledger');
    await runtime.shutdown(100);
  });
});
