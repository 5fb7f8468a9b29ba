import { hasErrorCode, isDlxError } from '../errors/dlxError';
import {
  sendJson,
  startLoopbackServer,
  thrownBy,
  type LoopbackServer,
} from './__fixtures__/loopbackServer';
import { createGovernedHttp } from './governedHttpClient';

describe('ctx.http redirects (followed by core, hop by hop)', () => {
  let first: LoopbackServer;
  let second: LoopbackServer;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    first = await startLoopbackServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const to = url.searchParams.get('to');
      if (url.pathname === '/busy') {
        res.writeHead(429, { 'retry-after': '1' });
        res.end();
      } else if (url.pathname === '/loop') {
        res.writeHead(302, { location: '/loop' });
        res.end();
      } else if (to !== null) {
        res.writeHead(Number(url.searchParams.get('status')), { location: to });
        res.end('moved');
      } else {
        sendJson(res, 200, { served_by: 'first' });
      }
    });
    second = await startLoopbackServer(
      (_req, res) => sendJson(res, 200, { served_by: 'second' }),
      '127.0.0.2',
    );
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  const http = (maxRedirects?: number) =>
    createGovernedHttp({
      connectorKey: 'crm',
      allowedHosts: ['127.0.0.1', '127.0.0.2'],
      secrets: ['cfg-api-key-123'],
      ...(maxRedirects !== undefined && { maxRedirects }),
    }).bind({ signal });

  const redirectUrl = (status: number, to: string) =>
    `${first.origin}/start?status=${status}&to=${encodeURIComponent(to)}`;

  it.each([301, 302, 303])('re-issues a POST answered %i as a GET without body', async (status) => {
    const res = await http().request({
      method: 'POST',
      url: redirectUrl(status, '/done'),
      data: { amount: 5 },
    });
    expect(res.data).toEqual({ served_by: 'first' });
    const hop = first.requests[first.requests.length - 1];
    expect(hop).toMatchObject({ method: 'GET', url: '/done', body: '' });
    expect(hop?.headers['content-type']).toBeUndefined();
  });

  it.each([307, 308])('keeps method and body on %i', async (status) => {
    await http().request({ method: 'PUT', url: redirectUrl(status, '/done'), data: { amount: 5 } });
    const hop = first.requests[first.requests.length - 1];
    expect(hop).toMatchObject({ method: 'PUT', url: '/done', body: '{"amount":5}' });
    expect(hop?.headers['content-type']).toBe('application/json');
  });

  it('keeps credentials on a same-host hop', async () => {
    await http().request({
      url: redirectUrl(302, '/same'),
      headers: { Authorization: 'Bearer tok-1', 'X-Api-Key': 'cfg-api-key-123' },
    });
    const hop = first.requests[first.requests.length - 1];
    expect(hop?.headers.authorization).toBe('Bearer tok-1');
    expect(hop?.headers['x-api-key']).toBe('cfg-api-key-123');
  });

  it('drops Authorization, basic auth and secret-bearing headers when a hop changes host', async () => {
    const res = await http().request({
      method: 'POST',
      url: redirectUrl(307, `${second.origin}/elsewhere`),
      headers: { Authorization: 'Bearer tok-1', 'X-Api-Key': 'cfg-api-key-123', 'X-Trace': 't1' },
      data: 'x=1',
    });
    expect(res.data).toEqual({ served_by: 'second' });
    const hop = second.requests[second.requests.length - 1];
    expect(hop?.headers.authorization).toBeUndefined();
    expect(hop?.headers['x-api-key']).toBeUndefined();
    expect(hop?.headers['x-trace']).toBe('t1');

    await http().request({
      url: redirectUrl(302, `${second.origin}/basic`),
      auth: { username: 'acct', password: 'basic-pass' },
    });
    expect(second.requests[second.requests.length - 1]?.headers.authorization).toBeUndefined();
  });

  it('stops after maxRedirects hops with DLX_E_EGRESS_TOO_MANY_REDIRECTS', async () => {
    const before = first.requests.length;
    const error = await thrownBy(() => http(3).request({ url: `${first.origin}/loop` }));
    expect(hasErrorCode(error, 'DLX_E_EGRESS_TOO_MANY_REDIRECTS')).toBe(true);
    expect(isDlxError(error) && error.mayHaveReachedVendor).toBe(true);
    expect(first.requests.length - before).toBe(4);
  });

  it('counts a write answered by a redirect as having reached the vendor, even if the next hop says 429', async () => {
    const error = await thrownBy(() =>
      http().request({ method: 'POST', url: redirectUrl(303, '/busy'), data: { amount: 5 } }),
    );
    expect(hasErrorCode(error, 'DLX_E_VENDOR_RATE_LIMITED')).toBe(true);
    expect(isDlxError(error) && error.mayHaveReachedVendor).toBe(true);
  });

  it('does not follow a redirect the operation accepts', async () => {
    const res = await createGovernedHttp({
      connectorKey: 'crm',
      allowedHosts: ['127.0.0.1'],
      secrets: [],
    })
      .bind({ signal })
      .request({ url: redirectUrl(302, `${second.origin}/x`), acceptStatus: (s) => s === 302 });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${second.origin}/x`);
  });
});
