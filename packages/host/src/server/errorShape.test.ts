import { rawHttpRequest } from '@dealix/connector-testkit';
import {
  TOKENS,
  startHarness,
  type HostHarness,
  ACME_ECHO_AND_PAYMENTS,
} from '../__fixtures__/hostHarness';
import { openRawSocket } from '../__fixtures__/inFlight';

// Item "one error shape": every error the host answers is { error: { code: "DLX_E_…", … } } with
// the status docs/errors.md gives, fastify's own refusals included.
const PAY = '/api/v1/tenants/acme/connectors/good_payments/operations/pay';
const ECHO = '/api/v1/tenants/acme/connectors/good_echo/operations/echo';

describe('one error shape for every answer', () => {
  let h: HostHarness;
  let base: string;
  beforeAll(async () => {
    h = await startHarness({
      tenants: ACME_ECHO_AND_PAYMENTS,
    });
    base = h.host.url!;
  });
  afterAll(() => h.stop());

  async function send(
    path: string,
    init: { method?: string; body?: string; headers?: Record<string, string> },
  ) {
    const res = await rawHttpRequest(`${base}${path}`, {
      method: init.method ?? 'POST',
      headers: { authorization: `Bearer ${TOKENS.alice}`, ...init.headers },
      ...(init.body !== undefined && { body: init.body }),
    });
    return { ...res, json: JSON.parse(res.body) as { error: { code: string; message: string } } };
  }

  it.each([
    [
      'malformed JSON',
      ECHO,
      { body: '{"text":', headers: { 'content-type': 'application/json' } },
      400,
      'DLX_E_HOST_BODY_INVALID',
    ],
    [
      'a __proto__ key',
      ECHO,
      { body: '{"text":"a","__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } },
      400,
      'DLX_E_HOST_BODY_INVALID',
    ],
    [
      'empty JSON',
      ECHO,
      { body: '', headers: { 'content-type': 'application/json' } },
      400,
      'DLX_E_HOST_BODY_INVALID',
    ],
    [
      'a body over 1 MiB',
      ECHO,
      {
        body: JSON.stringify({ text: 'x'.repeat(1_100_000) }),
        headers: { 'content-type': 'application/json' },
      },
      413,
      'DLX_E_HOST_BODY_TOO_LARGE',
    ],
    [
      'a 150-character path segment',
      `/api/v1/tenants/acme/connectors/${'k'.repeat(150)}/operations/echo`,
      { body: '{}', headers: { 'content-type': 'application/json' } },
      414,
      'DLX_E_HOST_URI_TOO_LONG',
    ],
    [
      'a text/plain body',
      ECHO,
      { body: 'hello', headers: { 'content-type': 'text/plain' } },
      415,
      'DLX_E_HOST_UNSUPPORTED_MEDIA_TYPE',
    ],
    ['an unknown route', '/api/v1/nothing-here', { method: 'GET' }, 404, 'DLX_E_HOST_NOT_FOUND'],
    [
      'a malformed percent-escape',
      '/api/v1/tenants/%E0%A4%A/approvals',
      { method: 'GET' },
      400,
      'DLX_E_HOST_URI_INVALID',
    ],
  ] as const)(
    '%s answers the documented status and code',
    async (_what, path, init, status, code) => {
      const res = await send(path, init);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json.error).toMatchObject({ code, message: expect.any(String) });
      if (_what === 'a __proto__ key' || _what === 'malformed JSON') {
        expect(res.json.error.message).toContain('not valid JSON, or has a "__proto__" key');
      }
    },
  );

  it('a known path with another method answers 405 with Allow', async () => {
    const res = await send(ECHO, { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.json.error.code).toBe('DLX_E_HOST_METHOD_NOT_ALLOWED');
  });

  it('headers over the server limit answer 431 in the same shape', async () => {
    const port = Number(new URL(base).port);
    const { socket, closed } = openRawSocket(port);
    socket.write(
      `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const answer = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
      error: { code: string };
    };
    expect(body.error.code).toBe('DLX_E_HOST_HEADERS_TOO_LARGE');
  });

  it('a repeat whose approval is still pending answers 202 like the first answer, plus approval_status', async () => {
    const body = { amount: 10, payer_email: 'p@example.com' };
    const headers = { 'idempotency-key': 'pending-repeat-1' };
    const first = await h.call('POST', PAY, { token: TOKENS.alice, body, headers });
    expect(first.status).toBe(202);
    const again = await h.call('POST', `${PAY}?approval_id=${first.json.approval_id}`, {
      token: TOKENS.alice,
      body,
      headers,
    });
    expect(again.status).toBe(202);
    expect(again.json).toEqual({ ...first.json, approval_status: 'pending' });
  });
});
