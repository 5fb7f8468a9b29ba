import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawHttpRequest } from '@dealix/connector-testkit';
import { TOKENS, startHarness, type HostHarness } from './__fixtures__/hostHarness';
import { loadHostConfig } from './config/loadHostConfig';

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

  // Twilio signs the callback URL it was given; the host verifies over its base + the path.
  it.each(['https://hooks.dealix.example/base/', 'https://hooks.dealix.example/base//'])(
    'with a trailing slash (%s), the URL a webhook is verified over is the one the kit gave',
    async (base) => {
      h = await startHarness({ tenants, env, extraConfig: { public_base_url: base } });
      const given = h.host.runtime.get('acme', 'good_webhooks').kit.webhookUrl();
      expect(given).toBe('https://hooks.dealix.example/base/webhooks/acme/good_webhooks');
      const body = JSON.stringify({ id: 'evt_1', n: 1 });
      const delivery = await rawHttpRequest(`${h.host.url}/webhooks/acme/good_webhooks`, {
        headers: {
          'content-type': 'application/json',
          'x-fixture-signature': createHmac('sha256', env.WH_SECRET).update(body).digest('hex'),
        },
        body,
      });
      expect(delivery.status).toBe(200);
      const events = await h.call('GET', '/api/v1/tenants/acme/events', { token: TOKENS.vic });
      expect(events.json.events.map((e: { payload: unknown }) => e.payload)).toEqual([
        { n: 1, url: given },
      ]);
    },
  );

  it.each([
    ['https://hooks.dealix.example/base?x=1', 'no query, fragment or credentials'],
    ['https://user:pw@hooks.dealix.example', 'no query, fragment or credentials'],
    ['ftp://hooks.dealix.example', 'an http:// or https:// URL'],
  ])('refuses %s, naming the file, the field, the value and what is allowed', (base, allowed) => {
    const dir = mkdtempSync(join(tmpdir(), 'dlx-base-url-'));
    const file = join(dir, 'host.json');
    writeFileSync(file, JSON.stringify({ public_base_url: base }));
    expect(() => loadHostConfig(file, dir)).toThrow(
      `${file}: public_base_url: must ${allowed === 'an http:// or https:// URL' ? 'be ' : 'have '}${allowed}`,
    );
    expect(() => loadHostConfig(file, dir)).toThrow(JSON.stringify(base));
  });
});
