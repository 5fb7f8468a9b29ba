import { startHarness, type HostHarness } from './__fixtures__/hostHarness';

const tenants = {
  acme: { connectors: { good_webhooks: { webhook_secret: { env: 'WH_SECRET' } } } },
};
const env = { WH_SECRET: 'fixture_webhook_secret_0123456789' };

describe("the instance's public webhook URL", () => {
  let h: HostHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('uses the port the host got, not the :0 it was asked for', async () => {
    h = await startHarness({ tenants, env });
    const port = new URL(h.host.url!).port;
    expect(port).not.toBe('0');
    const rc = h.host.runtime.get('acme', 'good_webhooks');
    expect(rc.kit.webhookUrl()).toBe(`http://127.0.0.1:${port}/webhooks/acme/good_webhooks`);
  });

  it('is public_base_url + the route when configured', async () => {
    h = await startHarness({
      tenants,
      env,
      extraConfig: { public_base_url: 'https://hooks.dealix.example/base/' },
    });
    expect(h.host.runtime.get('acme', 'good_webhooks').kit.webhookUrl()).toBe(
      'https://hooks.dealix.example/base/webhooks/acme/good_webhooks',
    );
  });
});
