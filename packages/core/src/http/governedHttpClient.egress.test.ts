import { hasErrorCode, isDlxError } from '../errors/dlxError';
import {
  sendJson,
  startLoopbackServer,
  thrownBy,
  type LoopbackServer,
} from './__fixtures__/loopbackServer';
import { createGovernedHttp, type GovernedHttpOptions } from './governedHttpClient';

describe('ctx.http egress', () => {
  let allowed: LoopbackServer;
  let denied: LoopbackServer;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    allowed = await startLoopbackServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const to = url.searchParams.get('to');
      if (to !== null) {
        res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: to });
        res.end();
        return;
      }
      sendJson(res, 200, { ok: true, path: url.pathname });
    });
    // Linux answers on all of 127.0.0.0/8: a second, distinct host that the rules deny.
    denied = await startLoopbackServer(
      (_req, res) => sendJson(res, 200, { leaked: true }),
      '127.0.0.2',
    );
  });
  afterAll(async () => {
    await allowed.close();
    await denied.close();
  });

  const client = (overrides: Partial<GovernedHttpOptions> = {}) =>
    createGovernedHttp({
      connectorKey: 'stripe',
      allowedHosts: ['127.0.0.1'],
      allowLoopback: false,
      secrets: [],
      ...overrides,
    });

  it('sends a request to an allowed host', async () => {
    const res = await client()
      .bind({ signal })
      .request({ url: `${allowed.origin}/v1/ping` });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ok: true, path: '/v1/ping' });
  });

  it('refuses a host outside allowed_hosts without sending it anything', async () => {
    const error = await thrownBy(() =>
      client()
        .bind({ signal })
        .request({ method: 'POST', url: `${denied.origin}/v1/charges`, data: { a: 1 } }),
    );
    expect(hasErrorCode(error, 'DLX_E_EGRESS_DENIED')).toBe(true);
    expect(isDlxError(error) && error.mayHaveReachedVendor).toBe(false);
    expect(denied.arrivals).toBe(0);
  });

  it('refuses a redirect to a host outside allowed_hosts, checking the hop before sending it', async () => {
    const before = allowed.requests.length;
    const target = encodeURIComponent(`${denied.origin}/steal`);
    const error = await thrownBy(() =>
      client()
        .bind({ signal })
        .request({ url: `${allowed.origin}/start?to=${target}` }),
    );
    expect(hasErrorCode(error, 'DLX_E_EGRESS_DENIED')).toBe(true);
    expect(denied.arrivals).toBe(0);
    expect(allowed.requests.length).toBe(before + 1);
    // The first hop was answered, so that request did reach the vendor.
    expect(isDlxError(error) && error.mayHaveReachedVendor).toBe(true);
  });

  it('allows only http and https URLs', async () => {
    const http = createGovernedHttp({
      connectorKey: 'stripe',
      allowedHosts: ['127.0.0.1'],
      secrets: [],
    }).bind({ signal });
    for (const url of [
      'ftp://127.0.0.1/file',
      'file:///etc/passwd',
      'not a url',
      'ws://127.0.0.1/',
    ]) {
      const error = await thrownBy(() => http.request({ url }));
      expect(hasErrorCode(error, 'DLX_E_EGRESS_DENIED')).toBe(true);
      expect(isDlxError(error) && error.mayHaveReachedVendor).toBe(false);
    }
  });

  it('adds loopback on any port in sandbox mode', async () => {
    const sandbox = client({ allowedHosts: ['api.stripe.com'], allowLoopback: true });
    const res = await sandbox.bind({ signal }).request({ url: `${denied.origin}/ok` });
    expect(res.data).toEqual({ leaked: true });
    expect(sandbox.isAllowed(`http://localhost:${allowed.port}/`)).toBe(true);
    expect(sandbox.isAllowed('https://api.stripe.com/v1')).toBe(true);
    expect(sandbox.isAllowed('https://example.com/')).toBe(false);
    await expect(
      sandbox.bind({ signal }).request({ url: `http://localhost:${allowed.port}/v1/x` }),
    ).resolves.toMatchObject({ status: 200 });
  });

  it('exposes the hosts rule check for the loader and the gate', () => {
    const rules = client({ allowedHosts: ['api.stripe.com', '*.my.salesforce.com'] });
    expect(rules.isAllowed('https://API.Stripe.com:8443/v1')).toBe(true);
    expect(rules.isAllowed('https://acme.my.salesforce.com/services')).toBe(true);
    expect(rules.isAllowed('https://my.salesforce.com/')).toBe(false);
    expect(rules.isAllowed('ftp://api.stripe.com/')).toBe(false);
    expect(rules.isAllowed('http://127.0.0.1/')).toBe(false);
    expect(rules.isAllowed('::nonsense')).toBe(false);
  });
});
