import fc from 'fast-check';
import { z } from 'zod';
import { DlxError, hasErrorCode, isDlxError } from '../errors/dlxError';
import { createGovernedHttp } from '../http';
import {
  sendJson,
  startLoopbackServer,
  type LoopbackServer,
} from '../http/__fixtures__/loopbackServer';
import { formBody } from './requestBodies';
import { defineVendorErrors, mapVendorError, type VendorErrorTable } from './vendorErrors';
import { vendorRequest } from './vendorRequest';

/** A vendor whose errors look like `{ error: { code, message } }`, or plain text. */
const acmeErrors: VendorErrorTable = defineVendorErrors({
  vendor: 'Acme',
  read: (body) => {
    const parsed = z
      .object({
        error: z.object({
          code: z.string().optional(),
          message: z.string(),
          param: z.string().optional(),
        }),
      })
      .safeParse(body);
    if (!parsed.success) return undefined;
    const { code, message, param } = parsed.data.error;
    return {
      ...(code !== undefined && { code }),
      message,
      ...(param !== undefined && { details: { param } }),
    };
  },
  retryHeader: 'Acme-Should-Retry',
  rules: [
    { code: 'rate_limited', to: 'DLX_E_VENDOR_RATE_LIMITED', retryAfterMs: 1500 },
    { code: 'token_expired', to: 'DLX_E_VENDOR_AUTH' },
    { status: 409, code: 'key_in_use', to: 'DLX_E_VENDOR_TRANSIENT' },
    {
      message: /^try again later/i,
      reason: 'the gateway sends this text without a code when a region fails over',
      to: 'DLX_E_VENDOR_TRANSIENT',
    },
    { status: 404, to: 'DLX_E_VENDOR_PERMANENT', retryable: false },
  ],
});

describe('vendorRequest', () => {
  let vendor: LoopbackServer;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    vendor = await startLoopbackServer((req, res, body) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const headers = { 'request-id': `req_${path.slice(1)}` };
      if (path === '/rate')
        return sendJson(
          res,
          400,
          { error: { code: 'rate_limited', message: 'slow down' } },
          headers,
        );
      if (path === '/expired')
        return sendJson(res, 401, { error: { code: 'token_expired', message: 'x' } }, headers);
      if (path === '/in-use')
        return sendJson(res, 409, { error: { code: 'key_in_use', message: 'x' } }, headers);
      if (path === '/text')
        return sendJson(res, 502, { error: { message: 'Try again later, please' } }, headers);
      if (path === '/missing')
        return sendJson(res, 404, { error: { code: 'nope', message: 'x', param: 'id' } }, headers);
      if (path === '/no-retry')
        return sendJson(res, 503, '<html>down</html>', {
          ...headers,
          'acme-should-retry': 'false',
        });
      if (path === '/shape') return sendJson(res, 200, { id: 42 }, headers);
      sendJson(
        res,
        200,
        { method: req.method, contentType: req.headers['content-type'], body },
        headers,
      );
    });
  });
  afterAll(() => vendor.close());

  const ctx = {
    connectorKey: 'acme',
    http: createGovernedHttp({
      connectorKey: 'acme',
      allowedHosts: ['127.0.0.1'],
      secrets: [],
      conventions: { requestIdHeaders: ['request-id'] },
    }).bind({ signal }),
  };
  const echo = z.object({
    method: z.string(),
    contentType: z.string().optional(),
    body: z.string(),
  });
  const failure = (url: string) =>
    vendorRequest(ctx, {
      url,
      baseURL: vendor.origin,
      schema: z.unknown(),
      errors: acmeErrors,
    }).then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => {
        if (!isDlxError(error)) throw error;
        return error;
      },
    );

  it('sends JSON, forms (arrays repeated) and multipart bodies', async () => {
    const json = await vendorRequest(ctx, {
      url: `${vendor.origin}/echo`,
      json: { a: 1 },
      schema: echo,
    });
    expect(json).toMatchObject({
      method: 'POST',
      contentType: 'application/json',
      body: '{"a":1}',
    });

    const form = await vendorRequest(ctx, {
      url: `${vendor.origin}/echo`,
      form: { To: '+1 555', StatusCallbackEvent: ['ringing', 'answered'], Skip: undefined },
      schema: echo,
    });
    expect(form.contentType).toBe('application/x-www-form-urlencoded');
    expect(form.body).toBe('To=%2B1+555&StatusCallbackEvent=ringing&StatusCallbackEvent=answered');

    const encoded = await vendorRequest(ctx, {
      url: `${vendor.origin}/echo`,
      form: 'metadata[a]=1',
      schema: echo,
    });
    expect(encoded).toMatchObject({
      contentType: 'application/x-www-form-urlencoded',
      body: 'metadata[a]=1',
    });

    const multipart = await vendorRequest(ctx, {
      url: `${vendor.origin}/echo`,
      multipart: {
        strategy: 'fast',
        files: { content: Buffer.from('hello'), filename: 'a.txt', contentType: 'text/plain' },
      },
      schema: echo,
    });
    expect(multipart.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(multipart.body).toContain(
      'name="files"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello',
    );
  });

  it('refuses two bodies at once', async () => {
    await expect(
      vendorRequest(ctx, { url: `${vendor.origin}/echo`, json: {}, form: {}, schema: echo }),
    ).rejects.toThrow('one body');
  });

  it('maps by the vendor code, keeping request id, status and reach, with the original as cause', async () => {
    const rate = await failure('/rate');
    expect(rate).toMatchObject({
      code: 'DLX_E_VENDOR_RATE_LIMITED',
      kind: 'rate_limited',
      retryable: true,
      vendorCode: 'rate_limited',
      vendorStatus: 400,
      vendorRequestId: 'req_rate',
      mayHaveReachedVendor: true,
      // The row's documented wait, since the answer carried no Retry-After.
      retryAfterMs: 1500,
    });
    expect(hasErrorCode(rate.cause, 'DLX_E_VENDOR_PERMANENT')).toBe(true);
    expect(await failure('/expired')).toMatchObject({
      code: 'DLX_E_VENDOR_AUTH',
      retryable: false,
    });
    expect(await failure('/in-use')).toMatchObject({
      code: 'DLX_E_VENDOR_TRANSIENT',
      vendorCode: 'key_in_use',
    });
  });

  it('matches message text only for an answer without a code, by a row that says why', async () => {
    expect(await failure('/text')).toMatchObject({
      code: 'DLX_E_VENDOR_TRANSIENT',
      vendorStatus: 502,
    });
    expect(() =>
      defineVendorErrors({
        vendor: 'Acme',
        read: () => undefined,
        rules: [{ message: /x/, to: 'DLX_E_VENDOR_TRANSIENT' } as never],
      }),
    ).toThrow('without a reason');
    expect(() =>
      defineVendorErrors({
        vendor: 'Acme',
        read: () => undefined,
        rules: [{ code: 'a', message: /x/, reason: 'r', to: 'DLX_E_VENDOR_TRANSIENT' }],
      }),
    ).toThrow('use the code');
  });

  it('adds the vendor facts to details and applies the retry header even to foreign bodies', async () => {
    const missing = await failure('/missing');
    expect(missing).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      vendorCode: 'nope',
      details: expect.objectContaining({ param: 'id', status: 404 }),
    });
    expect(missing.message).toContain('(Acme nope)');
    const noRetry = await failure('/no-retry');
    expect(noRetry).toMatchObject({
      code: 'DLX_E_VENDOR_TRANSIENT',
      retryable: false,
      vendorStatus: 503,
    });
  });

  it('parses the answer with the schema: a mismatch is DLX_E_RUNTIME_OUTPUT_INVALID', async () => {
    const error = await vendorRequest(ctx, {
      url: `${vendor.origin}/shape?token=abc`,
      schema: z.object({ id: z.string() }),
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTPUT_INVALID',
      mayHaveReachedVendor: true,
      vendorRequestId: 'req_shape',
      vendorStatus: 200,
    });
    expect((error as Error).message).toBe(
      'acme: GET /shape answered a shape the connector does not expect: id: Invalid input: expected string, received number',
    );
  });

  it('passes errors without a vendor answer through unchanged', () => {
    const network = new DlxError('DLX_E_VENDOR_NETWORK', 'reset', { mayHaveReachedVendor: true });
    const bug = new Error('bug');
    expect(mapVendorError(network, acmeErrors)).toBe(network);
    expect(mapVendorError(bug, acmeErrors)).toBe(bug);
  });
});

describe('the vendor error table (properties)', () => {
  const answered = (status: number, body: unknown) =>
    new DlxError(status >= 500 ? 'DLX_E_VENDOR_TRANSIENT' : 'DLX_E_VENDOR_PERMANENT', 'x', {
      vendorStatus: status,
      vendorRequestId: 'req_1',
      mayHaveReachedVendor: status !== 429,
      response: { status, headers: {}, body },
    });

  it('never loses whether the request reached the vendor, its id, status or the original', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 599 }),
        fc.option(fc.constantFrom('rate_limited', 'token_expired', 'key_in_use', 'nope', 'other')),
        fc.string(),
        (status, code, message) => {
          const original = answered(status, { error: { ...(code !== null && { code }), message } });
          const mapped = mapVendorError(original, acmeErrors);
          if (!isDlxError(mapped)) return false;
          return (
            mapped.mayHaveReachedVendor === original.mayHaveReachedVendor &&
            mapped.vendorRequestId === 'req_1' &&
            mapped.vendorStatus === status &&
            (mapped === original || mapped.cause === original)
          );
        },
      ),
    );
  });

  it('matches subcodes, takes a row marked refused as not reached, keeps the body request id', () => {
    const graph = defineVendorErrors({
      vendor: 'Graph',
      read: (body) => {
        const error = (
          body as { error: { code: number; error_subcode?: number; fbtrace_id?: string } }
        ).error;
        return {
          code: String(error.code),
          ...(error.error_subcode !== undefined && { subcode: String(error.error_subcode) }),
          ...(error.fbtrace_id !== undefined && { requestId: error.fbtrace_id }),
        };
      },
      rules: [
        { code: '130429', to: 'DLX_E_VENDOR_RATE_LIMITED', refused: true },
        { code: '100', subcode: '33', to: 'DLX_E_VENDOR_AUTH' },
        { code: '1', to: 'DLX_E_VENDOR_TRANSIENT' },
      ],
    });
    const refused = mapVendorError(
      answered(400, { error: { code: 130429, fbtrace_id: 'AbC123' } }),
      graph,
    );
    expect(refused).toMatchObject({
      code: 'DLX_E_VENDOR_RATE_LIMITED',
      mayHaveReachedVendor: false,
      vendorRequestId: 'AbC123',
    });
    // A row naming a subcode matches that subcode only.
    expect(
      mapVendorError(answered(400, { error: { code: 100, error_subcode: 33 } }), graph),
    ).toMatchObject({ code: 'DLX_E_VENDOR_AUTH', vendorCode: '100' });
    expect(mapVendorError(answered(400, { error: { code: 100 } }), graph)).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
    });
    // Without the mark, an answer may follow an effect, as ctx.http said.
    expect(mapVendorError(answered(500, { error: { code: 1 } }), graph)).toMatchObject({
      code: 'DLX_E_VENDOR_TRANSIENT',
      mayHaveReachedVendor: true,
      vendorRequestId: 'req_1',
    });
  });

  it('encodes form fields so that parsing them gives every value back in order', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1 }),
          fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
        ),
        (fields) => {
          const parsed = new URLSearchParams(formBody(fields).toString());
          return Object.entries(fields).every(
            ([name, values]) => JSON.stringify(parsed.getAll(name)) === JSON.stringify(values),
          );
        },
      ),
    );
  });
});
