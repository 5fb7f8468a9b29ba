import { sendJson, startLoopbackServer, type LoopbackServer } from './__fixtures__/loopbackServer';
import { createGovernedHttp } from './governedHttpClient';

describe('ctx.http request and response bodies', () => {
  let vendor: LoopbackServer;
  const signal = new AbortController().signal;
  const seenIds: string[] = [];

  beforeAll(async () => {
    vendor = await startLoopbackServer((req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/text') {
        res.writeHead(200, {
          'content-type': 'text/plain; charset=utf-8',
          'x-request-id': 'rid-text',
        });
        res.end('hello صباح');
      } else if (url.pathname === '/bytes') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end(Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff]));
      } else if (url.pathname === '/problem') {
        res.writeHead(200, { 'content-type': 'application/problem+json' });
        res.end('{"type":"about:blank"}');
      } else if (url.pathname === '/empty') {
        res.writeHead(204);
        res.end();
      } else {
        sendJson(
          res,
          200,
          { method: req.method, url: req.url, body, headers: req.headers },
          { 'X-Request-Id': 'rid-echo' },
        );
      }
    });
  });
  afterAll(() => vendor.close());

  const http = (idempotencyKey?: string) =>
    createGovernedHttp({
      connectorKey: 'stripe',
      allowedHosts: ['127.0.0.1'],
      secrets: [],
      conventions: { idempotencyHeader: 'Idempotency-Key', requestIdHeaders: ['X-Request-Id'] },
    }).bind({
      signal,
      ...(idempotencyKey !== undefined && { idempotencyKey }),
      onRequestId: (id) => seenIds.push(id),
    });

  interface Echo {
    method: string;
    url: string;
    body: string;
    headers: Record<string, string | undefined>;
  }

  it('sends objects as JSON', async () => {
    const res = await http().request<Echo>({
      method: 'POST',
      url: `${vendor.origin}/echo`,
      data: { amount: 500, currency: 'sar' },
    });
    expect(JSON.parse(res.data.body)).toEqual({ amount: 500, currency: 'sar' });
    expect(res.data.headers['content-type']).toBe('application/json');
  });

  it('sends strings and Buffers as they are, and URLSearchParams as a form', async () => {
    const text = await http().request<Echo>({
      method: 'POST',
      url: `${vendor.origin}/echo`,
      data: '<xml/>',
      headers: { 'Content-Type': 'application/xml' },
    });
    expect(text.data.body).toBe('<xml/>');
    expect(text.data.headers['content-type']).toBe('application/xml');

    const bytes = await http().request<Echo>({
      method: 'PUT',
      url: `${vendor.origin}/echo`,
      data: Buffer.from('raw-bytes'),
    });
    expect(bytes.data.body).toBe('raw-bytes');

    const form = await http().request<Echo>({
      method: 'POST',
      url: `${vendor.origin}/echo`,
      data: new URLSearchParams({ amount: '500', 'metadata[order]': 'o 1' }),
    });
    expect(form.data.body).toBe('amount=500&metadata%5Border%5D=o+1');
    expect(form.data.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('joins baseURL and url as axios does and appends params', async () => {
    const res = await http().request<Echo>({
      baseURL: `${vendor.origin}/v1/`,
      url: '/customers',
      params: { limit: 3, email: 'a+b@example.com', skipped: undefined },
    });
    expect(res.data.url).toBe('/v1/customers?limit=3&email=a%2Bb%40example.com');
  });

  it('sends the idempotency key on writes only, unless the connector set the header itself', async () => {
    const post = await http('key-1').request<Echo>({
      method: 'POST',
      url: `${vendor.origin}/echo`,
    });
    expect(post.data.headers['idempotency-key']).toBe('key-1');
    const get = await http('key-1').request<Echo>({ url: `${vendor.origin}/echo` });
    expect(get.data.headers['idempotency-key']).toBeUndefined();
    const own = await http('key-1').request<Echo>({
      method: 'DELETE',
      url: `${vendor.origin}/echo`,
      headers: { 'idempotency-key': 'vendor-native' },
    });
    expect(own.data.headers['idempotency-key']).toBe('vendor-native');
    expect(
      (await http().request<Echo>({ method: 'POST', url: `${vendor.origin}/echo` })).data.headers[
        'idempotency-key'
      ],
    ).toBeUndefined();
  });

  it('reports the vendor request id on the response and to onRequestId', async () => {
    seenIds.length = 0;
    const res = await http().request({ url: `${vendor.origin}/echo` });
    expect(res.requestId).toBe('rid-echo');
    expect(seenIds).toEqual(['rid-echo']);
  });

  it('decodes JSON by content type, else text, and honours responseType', async () => {
    expect((await http().request({ url: `${vendor.origin}/text` })).data).toBe('hello صباح');
    expect((await http().request({ url: `${vendor.origin}/problem` })).data).toEqual({
      type: 'about:blank',
    });
    const asText = await http().request<string>({
      url: `${vendor.origin}/problem`,
      responseType: 'text',
    });
    expect(asText.data).toBe('{"type":"about:blank"}');
    const bytes = await http().request<Buffer>({
      url: `${vendor.origin}/bytes`,
      responseType: 'arraybuffer',
    });
    expect(Buffer.isBuffer(bytes.data)).toBe(true);
    expect([...bytes.data]).toEqual([0x25, 0x50, 0x44, 0x46, 0xff]);
    const empty = await http().request({ method: 'DELETE', url: `${vendor.origin}/empty` });
    expect(empty).toMatchObject({ status: 204, data: '' });
  });

  it('returns lower-case response headers', async () => {
    const res = await http().request({ url: `${vendor.origin}/text` });
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['x-request-id']).toBe('rid-text');
  });

  it('sends FormData as multipart/form-data under the boundary it was written with', async () => {
    const form = new FormData();
    form.append('strategy', 'fast');
    form.append('files', new Blob(['%PDF-1.4 x'], { type: 'application/pdf' }), 'q"1.pdf');
    const res = await http().request<{ body: string; headers: Record<string, string> }>({
      method: 'POST',
      url: `${vendor.origin}/echo`,
      // A content type set by hand cannot know the boundary: the encoder's replaces it.
      headers: { 'Content-Type': 'multipart/form-data' },
      data: form,
    });
    const contentType = res.data.headers['content-type']!;
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(contentType)?.[1];
    expect(boundary).toBeDefined();
    const parts = res.data.body.split(`--${boundary!}`);
    expect(parts).toHaveLength(4);
    expect(parts[1]).toContain('Content-Disposition: form-data; name="strategy"\r\n\r\nfast');
    expect(parts[2]).toContain('filename="q%221.pdf"');
    expect(parts[2]).toContain('Content-Type: application/pdf\r\n\r\n%PDF-1.4 x');
    expect(parts[3]).toBe('--\r\n');
  });

  it("reads no more than a binding's own response cap (an operation's max_response_bytes)", async () => {
    const capped = createGovernedHttp({
      connectorKey: 'stripe',
      allowedHosts: ['127.0.0.1'],
      secrets: [],
    });
    const text = await capped.bind({ signal }).request({ url: `${vendor.origin}/text` });
    expect(text.status).toBe(200);
    const error = await capped
      .bind({ signal, maxResponseBytes: 4 })
      .request({ url: `${vendor.origin}/text` })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      details: expect.objectContaining({ max_response_bytes: 4 }),
    });
  });
});
