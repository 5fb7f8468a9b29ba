import { createHmac } from 'node:crypto';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { rawHttpRequest } from '@dealix/connector-testkit';
import {
  HARNESS_TOKENS,
  TOKENS,
  startHarness,
  type HostHarness,
} from '../../__fixtures__/hostHarness';

// Item "open loopback reads check the Host header; webhooks reveal no tenant".
const SECRET = 'fixture_webhook_secret_0123456789';
const SCOPED = 'tok_scoped_viewer_acme_0123456789abcdef';

describe('open loopback reads and webhook refusals', () => {
  let h: HostHarness;
  let port: number;
  beforeAll(async () => {
    h = await startHarness({
      tenants: {
        acme: {
          connectors: { good_echo: {}, good_webhooks: { webhook_secret: { env: 'WH_SECRET' } } },
        },
      },
      extraConfig: {
        open_read_routes: true,
        public_base_url: 'https://connectors.example.com',
        tokens: [
          ...HARNESS_TOKENS,
          { name: 'scoped', roles: ['viewer'], tenants: ['acme'], token: { env: 'TOK_SCOPED' } },
        ],
      },
      env: { WH_SECRET: SECRET, TOK_SCOPED: SCOPED },
    });
    port = Number(new URL(h.host.url!).port);
  });
  afterAll(() => h.stop());

  const withHost = (path: string, host: string) =>
    rawHttpRequest(`http://127.0.0.1:${port}${path}`, { headers: { host } });

  it.each(['/metrics', '/healthz', '/board', '/api/v1/connectors/governance'])(
    '%s is open only to a Host that names this server',
    async (path) => {
      for (const host of [
        `127.0.0.1:${port}`,
        `localhost:${port}`,
        `LOCALHOST:${port}`,
        `[::1]:${port}`,
        'connectors.example.com',
      ]) {
        expect([host, (await withHost(path, host)).status]).toEqual([host, 200]);
      }
      for (const host of [
        `attacker.example:${port}`,
        'localhost:1',
        `127.0.0.2:${port}`,
        'localhost',
      ]) {
        const res = await withHost(path, host);
        expect([host, res.status, JSON.parse(res.body).error.code]).toEqual([
          host,
          401,
          'DLX_E_HOST_UNAUTHENTICATED',
        ]);
      }
    },
  );

  // The sandbox prints tenant-scoped tokens only: a client built with one reads health too.
  it.each(['/metrics', '/healthz'])(
    '%s stays open to a token scoped narrower than the route, and closed off loopback reads',
    async (path) => {
      const read = (host: string) =>
        rawHttpRequest(`http://127.0.0.1:${port}${path}`, {
          headers: { host, authorization: `Bearer ${SCOPED}` },
        });
      expect((await read(`127.0.0.1:${port}`)).status).toBe(200);
      const elsewhere = await read(`attacker.example:${port}`);
      expect([elsewhere.status, JSON.parse(elsewhere.body).error.code]).toEqual([
        403,
        'DLX_E_HOST_TENANT_FORBIDDEN',
      ]);
    },
  );

  it('answers an unknown tenant, an unknown connector, a connector without webhooks and a bad signature alike', async () => {
    const body = JSON.stringify({ id: 'evt_1', n: 1 });
    const post = (path: string, signature: string) =>
      rawHttpRequest(`${h.host.url}${path}`, {
        headers: { 'content-type': 'application/json', 'x-fixture-signature': signature },
        body,
      });
    const good = createHmac('sha256', SECRET).update(body).digest('hex');
    const answers = await Promise.all([
      post('/webhooks/acme/good_webhooks', 'ab'.repeat(32)),
      post('/webhooks/no-such-tenant/good_webhooks', good),
      post('/webhooks/acme/no_such_connector', good),
      post('/webhooks/acme/good_echo', good),
    ]);
    for (const a of answers) {
      expect({ status: a.status, body: a.body, type: a.headers['content-type'] }).toEqual({
        status: answers[0]!.status,
        body: answers[0]!.body,
        type: answers[0]!.headers['content-type'],
      });
    }
    expect(answers[0]!.status).toBe(401);
    expect(JSON.parse(answers[0]!.body).error.code).toBe('DLX_E_WEBHOOK_SIGNATURE_INVALID');
    expect((await post('/webhooks/acme/good_webhooks', good)).status).toBe(200);

    const metrics = await h.call('GET', '/metrics', { token: TOKENS.vic });
    const series = (parsePrometheusTextFormat(metrics.text).find(
      (f) => f.name === 'connector_webhook_rejections_total',
    )?.metrics ?? []) as Array<{ labels: Record<string, string>; value: string }>;
    expect(series.map((s) => s.labels)).toEqual(
      expect.arrayContaining([
        { tenant: 'acme', connector: 'good_webhooks', reason: 'signature_invalid' },
        { tenant: 'unknown', connector: 'unknown', reason: 'signature_invalid' },
        { tenant: 'acme', connector: 'unknown', reason: 'signature_invalid' },
      ]),
    );
    expect(series.some((s) => s.labels.tenant === 'no-such-tenant')).toBe(false);
    expect(series.some((s) => s.labels.connector === 'no_such_connector')).toBe(false);
  });
});
