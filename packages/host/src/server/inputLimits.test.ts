import { connect } from 'node:net';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { rawHttpRequest } from '@dealix/connector-testkit';
import {
  TOKENS,
  startHarness,
  type HostHarness,
  ACME_ECHO_AND_PAYMENTS,
} from '../__fixtures__/hostHarness';

// Item "input limits": a correlation id is short and printable, the Idempotency-Key follows
// core's one rule, a query parameter is given once, and oversized webhook bodies are counted.
const ECHO = '/api/v1/tenants/acme/connectors/good_echo/operations/echo';
const PAY = '/api/v1/tenants/acme/connectors/good_payments/operations/pay';

describe('input limits', () => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHarness({
      tenants: ACME_ECHO_AND_PAYMENTS,
      extraConfig: {
        limits: { initialize_timeout_ms: 300, webhook_body_bytes: 1024, api_body_bytes: 4096 },
      },
    });
  });
  afterAll(() => h.stop());

  const echo = (headers: Record<string, string>) =>
    h.call('POST', ECHO, { token: TOKENS.alice, body: { text: 'hi' }, headers });
  const auditCorrelations = async () =>
    (await h.host.stores.audit.list({ tenant: 'acme' })).map((r) => r.correlation_id);

  it('reads API bodies up to limits.api_body_bytes and answers 413 past it', async () => {
    const fits = await h.call('POST', ECHO, {
      token: TOKENS.alice,
      body: { text: 'a'.repeat(4000) },
    });
    expect(fits.status).toBe(200);
    const over = await h.call('POST', ECHO, {
      token: TOKENS.alice,
      body: { text: 'a'.repeat(4100) },
    });
    expect(over.status).toBe(413);
    expect(over.json.error).toMatchObject({
      code: 'DLX_E_HOST_BODY_TOO_LARGE',
      message: expect.stringContaining('4096'),
    });
  });

  it('refuses an x-correlation-id longer than 128 characters, and audits nothing of it', async () => {
    const long = 'c'.repeat(10_000);
    const res = await echo({ 'x-correlation-id': long });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'DLX_E_HOST_HEADER_INVALID',
      message: expect.stringContaining('x-correlation-id must be 1..128 printable'),
    });
    expect((await echo({ 'x-correlation-id': 'c'.repeat(129) })).status).toBe(400);
    expect((await auditCorrelations()).some((c) => c?.startsWith('ccc'))).toBe(false);

    const ok = 'c'.repeat(128);
    expect((await echo({ 'x-correlation-id': ok })).status).toBe(200);
    expect(await auditCorrelations()).toContain(ok);
  });

  it('refuses an x-correlation-id with characters that are not printable ASCII', async () => {
    const res = await rawHttpRequest(`${h.host.url}${ECHO}`, {
      headers: {
        authorization: `Bearer ${TOKENS.alice}`,
        'content-type': 'application/json',
        'x-correlation-id': 'caf\u00e9-order',
      },
      body: '{"text":"hi"}',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('DLX_E_HOST_HEADER_INVALID');
  });

  it("checks the Idempotency-Key with core's rule (1..255 printable characters)", async () => {
    const res = await echo({ 'idempotency-key': 'k'.repeat(256) });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'DLX_E_RUNTIME_INPUT_INVALID',
      message: expect.stringContaining('Idempotency-Key must be 1..255 printable characters'),
    });
    expect((await echo({ 'idempotency-key': 'k'.repeat(255) })).status).toBe(200);
  });

  it('refuses a query parameter given twice, and creates no approval request', async () => {
    const body = { amount: 5, payer_email: 'q@example.com' };
    const before = (await h.host.runtime.approvals.list('acme')).length;
    const res = await h.call('POST', `${PAY}?approval_id=apr_a&approval_id=apr_b`, {
      token: TOKENS.alice,
      body,
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'DLX_E_HOST_QUERY_REPEATED',
      details: { parameter: 'approval_id' },
    });
    expect((await h.host.runtime.approvals.list('acme')).length).toBe(before);
  });

  it('counts webhook bodies over the limit as rejections (unknown tenants under one label)', async () => {
    const big = 'x'.repeat(2048);
    for (const path of ['/webhooks/acme/good_echo', '/webhooks/evil-1/x', '/webhooks/evil-2/y']) {
      const res = await rawHttpRequest(`${h.host.url}${path}`, {
        headers: { 'content-type': 'application/json' },
        body: big,
      });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).error.code).toBe('DLX_E_HOST_BODY_TOO_LARGE');
    }
    const metrics = await h.call('GET', '/metrics', { token: TOKENS.carol });
    const family = parsePrometheusTextFormat(metrics.text).find(
      (f) => f.name === 'connector_webhook_rejections_total',
    );
    const series = (family?.metrics ?? []) as Array<{
      labels: Record<string, string>;
      value: string;
    }>;
    expect(series.map((s) => [s.labels, s.value])).toEqual(
      expect.arrayContaining([
        [{ tenant: 'acme', connector: 'good_echo', reason: 'too_large' }, '1'],
        [{ tenant: 'unknown', connector: 'unknown', reason: 'too_large' }, '2'],
      ]),
    );
    expect(series.some((s) => s.labels.tenant?.startsWith('evil'))).toBe(false);
  });

  /** Sends `head` (request line and headers) as written, closes, resolves with the answer. */
  const raw = (head: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { port } = new URL(h.host.url!);
      const socket = connect({ host: '127.0.0.1', port: Number(port) });
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
        resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
      });
      socket.end(`${head}Connection: close\r\n\r\n`);
    });

  it('refuses a header given twice (Host, x-correlation-id, Authorization) and a request without Host, in its error shape', async () => {
    const twice = await raw(
      `GET /api/v1/tenants/acme/connectors HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nAuthorization: Bearer ${TOKENS.alice}\r\n`,
    );
    expect(twice.status).toBe(400);
    expect(JSON.parse(twice.body).error).toMatchObject({
      code: 'DLX_E_HOST_HEADER_INVALID',
      message: 'the host header is given 2 times; give it once',
    });
    const joined = await echo({ 'x-correlation-id': 'a' });
    expect(joined.status).toBe(200);
    const ids = await raw(
      `POST ${ECHO} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKENS.alice}\r\nx-correlation-id: a\r\nx-correlation-id: b\r\n`,
    );
    expect(ids.status).toBe(400);
    expect(JSON.parse(ids.body).error.details).toEqual({ header: 'x-correlation-id' });
    const tokens = await raw(
      `GET /api/v1/tenants/acme/connectors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKENS.alice}\r\nAuthorization: Bearer other\r\n`,
    );
    expect(JSON.parse(tokens.body).error.details).toEqual({ header: 'authorization' });

    const noHost = await raw('GET /healthz HTTP/1.1\r\n');
    expect(noHost.status).toBe(400);
    expect(JSON.parse(noHost.body).error).toMatchObject({
      code: 'DLX_E_HOST_HEADER_INVALID',
      details: { header: 'host' },
    });
    // HTTP/1.0 has no Host header to give (nor, then, an open loopback read: a token).
    expect(
      (await raw(`GET /healthz HTTP/1.0\r\nAuthorization: Bearer ${TOKENS.alice}\r\n`)).status,
    ).toBe(200);
  });

  it('reads a JSON body in UTF-8 only: another declared charset is 415', async () => {
    const send = (contentType: string) =>
      rawHttpRequest(`${h.host.url}${ECHO}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKENS.alice}`, 'content-type': contentType },
        body: JSON.stringify({ text: 'hi' }),
      });
    for (const type of [
      'application/json; charset=utf-16',
      'application/json;charset="ISO-8859-1"',
    ]) {
      const res = await send(type);
      expect(res.status).toBe(415);
      expect(JSON.parse(res.body).error).toMatchObject({
        code: 'DLX_E_HOST_UNSUPPORTED_MEDIA_TYPE',
        message: expect.stringContaining('send application/json in UTF-8'),
      });
    }
    for (const type of [
      'application/json',
      'application/json; charset=UTF-8',
      'application/json; charset="utf8"',
    ]) {
      expect((await send(type)).status).toBe(200);
    }
  });

  it('answers a path with an empty name segment 404 as no route, not as the route with an empty id', async () => {
    for (const path of [
      '/api/v1/tenants/acme/approvals/',
      '/api/v1/tenants/acme/unknown-outcomes/',
    ]) {
      const res = await h.call('GET', path, { token: TOKENS.alice });
      expect(res.status).toBe(404);
      expect(res.json.error).toMatchObject({
        code: 'DLX_E_HOST_NOT_FOUND',
        message: `no route GET ${path}`,
      });
    }
  });
});
