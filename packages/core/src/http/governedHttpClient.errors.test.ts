import type http from 'node:http';
import { hasErrorCode, isDlxError, type DlxError } from '../errors/dlxError';
import {
  refusedOrigin,
  sendJson,
  startLoopbackServer,
  thrownBy,
  type LoopbackServer,
} from './__fixtures__/loopbackServer';
import { createGovernedHttp } from './governedHttpClient';

describe('ctx.http vendor errors', () => {
  let vendor: LoopbackServer;
  const signal = new AbortController().signal;
  const now = Date.UTC(2025, 5, 1, 10, 0, 0);

  beforeAll(async () => {
    vendor = await startLoopbackServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const status = Number(url.searchParams.get('status') ?? 200);
      const headers: http.OutgoingHttpHeaders = {
        'Request-Id': 'req_abc',
        'set-cookie': ['session=s1'],
      };
      const retryAfter = url.searchParams.get('retry_after');
      if (retryAfter !== null) headers['retry-after'] = retryAfter;
      if (url.pathname === '/text') {
        res.writeHead(status, { 'content-type': 'text/plain', ...headers });
        res.end('plain failure');
      } else if (url.pathname === '/reset') {
        req.socket.destroy();
      } else if (url.pathname === '/big') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        // No Content-Length: the client must count the bytes as they come.
        res.write(Buffer.alloc(64 * 1024));
        res.end(Buffer.alloc(64 * 1024));
      } else if (url.pathname === '/malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id": "pi_1", "amou');
      } else {
        sendJson(res, status, { error: { code: 'card_declined' } }, headers);
      }
    });
  });
  afterAll(() => vendor.close());

  const client = (maxResponseBytes?: number) =>
    createGovernedHttp({
      connectorKey: 'stripe',
      allowedHosts: ['127.0.0.1', 'nothing-here.invalid'],
      secrets: [],
      conventions: { requestIdHeaders: ['X-Missing', 'REQUEST-ID'] },
      now: () => now,
      ...(maxResponseBytes !== undefined && { maxResponseBytes }),
    }).bind({ signal });

  const fail = async (status: number, extra = ''): Promise<DlxError> => {
    const error = await thrownBy(() =>
      client().request({
        method: 'POST',
        url: `${vendor.origin}/v1/payment_intents?status=${status}${extra}&secret_q=1`,
      }),
    );
    if (!isDlxError(error)) throw error;
    return error;
  };

  it('maps a rejected status to a coded error that names method, host and path only', async () => {
    const error = await fail(402);
    expect(error.code).toBe('DLX_E_VENDOR_PERMANENT');
    expect(error.message).toBe('stripe: POST 127.0.0.1/v1/payment_intents answered 402');
    expect(error.vendorStatus).toBe(402);
    expect(error.vendorRequestId).toBe('req_abc');
    expect(error.mayHaveReachedVendor).toBe(true);
    expect(error.cause).toBeUndefined();
  });

  it('keeps the answer as a non-enumerable, cookie-free response', async () => {
    const error = await fail(400);
    expect(Object.keys(error)).not.toContain('response');
    expect(JSON.stringify(error)).not.toContain('card_declined');
    expect(error.response?.status).toBe(400);
    expect(error.response?.body).toEqual({ error: { code: 'card_declined' } });
    expect(error.response?.headers['request-id']).toBe('req_abc');
    expect(error.response?.headers['set-cookie']).toBeUndefined();
  });

  it('reads a text body as text', async () => {
    const error = await thrownBy(() =>
      client().request({ url: `${vendor.origin}/text?status=500` }),
    );
    expect(hasErrorCode(error, 'DLX_E_VENDOR_TRANSIENT')).toBe(true);
    expect((error as DlxError).response?.body).toBe('plain failure');
  });

  it('maps 429 to rate_limited with the Retry-After wait, as not having reached the vendor', async () => {
    const error = await fail(429, '&retry_after=2');
    expect(error.code).toBe('DLX_E_VENDOR_RATE_LIMITED');
    expect(error.retryAfterMs).toBe(2000);
    expect(error.mayHaveReachedVendor).toBe(false);

    const dated = await fail(
      429,
      `&retry_after=${encodeURIComponent(new Date(now + 30_000).toUTCString())}`,
    );
    expect(dated.retryAfterMs).toBe(30_000);
    expect((await fail(429)).retryAfterMs).toBeUndefined();
  });

  it('maps 401 and 403 to auth errors, which are never retried', async () => {
    for (const status of [401, 403]) {
      const error = await fail(status);
      expect(error.code).toBe('DLX_E_VENDOR_AUTH');
      expect(error.retryable).toBe(false);
    }
  });

  it('maps 408 and 5xx to transient errors, with Retry-After when given', async () => {
    for (const status of [408, 500, 502, 503]) {
      const error = await fail(status);
      expect(error.code).toBe('DLX_E_VENDOR_TRANSIENT');
      expect(error.retryable).toBe(true);
      expect(error.mayHaveReachedVendor).toBe(true);
    }
    expect((await fail(503, '&retry_after=5')).retryAfterMs).toBe(5000);
  });

  it('maps other 4xx to permanent errors', async () => {
    for (const status of [400, 404, 409, 422]) {
      expect((await fail(status)).code).toBe('DLX_E_VENDOR_PERMANENT');
    }
  });

  it('resolves statuses the operation accepts', async () => {
    const res = await client().request({
      url: `${vendor.origin}/v1/customers/cus_1?status=404`,
      acceptStatus: (status) => status === 404 || status === 200,
    });
    expect(res.status).toBe(404);
    expect(res.requestId).toBe('req_abc');
  });

  it('reports a refused connection as a network error that never reached the vendor', async () => {
    const error = await thrownBy(async () =>
      client().request({ method: 'POST', url: `${await refusedOrigin()}/v1/x` }),
    );
    expect(hasErrorCode(error, 'DLX_E_VENDOR_NETWORK')).toBe(true);
    expect((error as DlxError).mayHaveReachedVendor).toBe(false);
    expect((error as DlxError).cause).toEqual({
      code: 'ECONNREFUSED',
      message: expect.any(String),
    });
  });

  it('reports a DNS failure as a network error that never reached the vendor', async () => {
    const error = await thrownBy(() =>
      client().request({ url: 'http://nothing-here.invalid/v1/x' }),
    );
    expect(hasErrorCode(error, 'DLX_E_VENDOR_NETWORK')).toBe(true);
    expect((error as DlxError).mayHaveReachedVendor).toBe(false);
  }, 20_000);

  it('counts a TLS handshake that never completed as not having reached the vendor', async () => {
    // A plain-HTTP server cannot finish a TLS handshake: the request itself is never written.
    const before = vendor.arrivals;
    const error = await thrownBy(() =>
      client().request({ method: 'POST', url: `https://127.0.0.1:${vendor.port}/v1/x`, data: {} }),
    );
    expect(hasErrorCode(error, 'DLX_E_VENDOR_NETWORK')).toBe(true);
    expect((error as DlxError).mayHaveReachedVendor).toBe(false);
    expect(vendor.arrivals).toBe(before);
  });

  it('reports a connection reset after sending as a network error that may have reached the vendor', async () => {
    const error = await thrownBy(() =>
      client().request({ method: 'POST', url: `${vendor.origin}/reset`, data: {} }),
    );
    expect(hasErrorCode(error, 'DLX_E_VENDOR_NETWORK')).toBe(true);
    expect((error as DlxError).mayHaveReachedVendor).toBe(true);
  });

  it('refuses a body larger than maxResponseBytes as a permanent error', async () => {
    const error = await thrownBy(() => client(100_000).request({ url: `${vendor.origin}/big` }));
    expect(hasErrorCode(error, 'DLX_E_VENDOR_PERMANENT')).toBe(true);
    expect((error as DlxError).vendorStatus).toBe(200);
    const declared = await thrownBy(() => client(10).request({ url: `${vendor.origin}/v1/x` }));
    expect(hasErrorCode(declared, 'DLX_E_VENDOR_PERMANENT')).toBe(true);
    // The client is still usable afterwards.
    await expect(client().request({ url: `${vendor.origin}/v1/x` })).resolves.toMatchObject({
      status: 200,
    });
  });

  it('treats an accepted answer with a cut-off JSON body as transient', async () => {
    const error = await thrownBy(() => client().request({ url: `${vendor.origin}/malformed` }));
    expect(hasErrorCode(error, 'DLX_E_VENDOR_TRANSIENT')).toBe(true);
    expect((error as DlxError).mayHaveReachedVendor).toBe(true);
  });
});
