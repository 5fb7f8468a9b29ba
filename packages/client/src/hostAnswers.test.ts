import { createServer } from 'node:net';
import { DealixClient, hasErrorCode, isDlxError } from './index';
import { errorAnswer, startScriptedHost, type ScriptedHost } from './__fixtures__/scriptedHost';
import { SteppedClock } from './__fixtures__/steppedClock';

// How the client reads answers a running host cannot be made to give on purpose (a newer host,
// a proxy in between, a host that is gone), on a real HTTP server on 127.0.0.1.
const ok = {
  status: 'ok',
  output: { id: 'pi_1' },
  replayed: false,
  attempts: 1,
  correlation_id: 'c1',
  idempotency_key: 'k1',
  vendor_request_id: null,
};

describe('answers the client meets on the wire', () => {
  let host: ScriptedHost;
  let clock: SteppedClock;
  let client: DealixClient;
  beforeAll(async () => {
    host = await startScriptedHost();
  });
  afterAll(() => host.close());
  beforeEach(() => {
    host.requests.length = 0;
    clock = new SteppedClock();
    // A trailing slash on the base URL is dropped.
    client = new DealixClient({ url: `${host.url}/`, token: 'tok_test_0123456789abcdef', clock });
  });
  const execute = (key?: string, signal?: AbortSignal) =>
    client.tenant('acme/eu').execute(
      'stripe',
      'create_payment_intent',
      { amount: 1 },
      {
        ...(key !== undefined && { idempotencyKey: key }),
        correlationId: 'trace-9',
        ...(signal && { signal }),
      },
    );
  const failure = (p: Promise<unknown>) =>
    p.then(
      (value) => {
        throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
      },
      (error: unknown) => {
        if (!isDlxError(error)) throw error;
        return error;
      },
    );

  it('sends the route, token, key, correlation id and JSON body the host reads', async () => {
    host.answer({ status: 200, body: ok });
    await execute('k1');
    const [sent] = host.requests;
    expect(sent).toMatchObject({
      method: 'POST',
      url: '/api/v1/tenants/acme%2Feu/connectors/stripe/operations/create_payment_intent',
      body: '{"amount":1}',
    });
    expect(sent!.headers).toMatchObject({
      authorization: 'Bearer tok_test_0123456789abcdef',
      'idempotency-key': 'k1',
      'x-correlation-id': 'trace-9',
      'content-type': 'application/json',
    });
  });

  it("keeps a newer host's unknown code, kind and retryable flag (DLX_E_CLIENT_HOST_ERROR)", async () => {
    host.answer(errorAnswer(409, 'DLX_E_FUTURE_THING', { kind: 'future', details: { a: 1 } }));
    const error = await failure(execute('k1'));
    expect(error.code).toBe('DLX_E_CLIENT_HOST_ERROR');
    expect(error.retryable).toBe(false);
    expect(error.details).toEqual({
      host_code: 'DLX_E_FUTURE_THING',
      host_kind: 'future',
      http_status: 409,
      host_details: { a: 1 },
      request_id: 'req-1',
    });
  });

  it('repeats what the host marks retryable under a key, never sooner than Retry-After', async () => {
    const date = new Date(clock.now() + 7_000).toUTCString();
    host.answer(
      errorAnswer(503, 'DLX_E_FUTURE_BUSY', { retryable: true, headers: { 'retry-after': '3' } }),
      errorAnswer(502, 'DLX_E_VENDOR_TRANSIENT', {
        retryable: true,
        headers: { 'retry-after': date },
      }),
      { status: 200, body: ok },
    );
    expect(await execute('k1')).toMatchObject({ status: 'ok' });
    // The date is 7 s after the first answer, of which the client already waited 3.
    expect(clock.sleeps).toEqual([3_000, 4_000]);
    expect(host.requests.map((r) => r.headers['idempotency-key'])).toEqual(['k1', 'k1', 'k1']);
  });

  it('without a key repeats only answers given before the call ran', async () => {
    host.answer(errorAnswer(502, 'DLX_E_VENDOR_TRANSIENT', { retryable: true }));
    expect((await failure(execute())).code).toBe('DLX_E_VENDOR_TRANSIENT');
    expect(host.requests).toHaveLength(1);
    host.answer(
      errorAnswer(503, 'DLX_E_RUNTIME_SHUTTING_DOWN', {
        retryable: true,
        headers: { 'retry-after': '1' },
      }),
      { status: 200, body: ok },
    );
    expect(await execute()).toMatchObject({ status: 'ok' });
    expect(clock.sleeps).toEqual([1_000]);
  });

  it('gives up after its attempts and never repeats what is not retryable', async () => {
    const busy = errorAnswer(503, 'DLX_E_RUNTIME_SHUTTING_DOWN', { retryable: true });
    host.answer(busy, busy, busy);
    expect((await failure(execute('k1'))).code).toBe('DLX_E_RUNTIME_SHUTTING_DOWN');
    expect(clock.sleeps).toEqual([250, 500]);
    expect(host.requests).toHaveLength(3);
    host.requests.length = 0;
    host.answer(errorAnswer(409, 'DLX_E_IDEMPOTENCY_CONFLICT', { kind: 'idempotency_conflict' }));
    const conflict = await failure(execute('k1'));
    expect(hasErrorCode(conflict, 'DLX_E_IDEMPOTENCY_CONFLICT')).toBe(true);
    expect(host.requests).toHaveLength(1);
  });

  it('refuses an answer off the schema, an unknown status and a proxy page, naming them', async () => {
    host.answer({ status: 200, body: { ...ok, attempts: 'one' } });
    const off = await failure(execute('k1'));
    expect(off.code).toBe('DLX_E_CLIENT_RESPONSE_INVALID');
    expect(off.message).toContain('attempts');
    expect(off.details).toMatchObject({ route: 'executeOperation', status: 200 });
    host.answer({ status: 204 });
    expect((await failure(execute('k1'))).message).toContain('status 204');
    host.answer({ status: 502, body: '<html>Bad gateway</html>' });
    const page = await failure(execute('k1'));
    expect(page.code).toBe('DLX_E_CLIENT_RESPONSE_INVALID');
    expect(page.details).toMatchObject({ status: 502, request_id: 'req-3' });
  });

  it('says when no host answered, and when the caller cancelled', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const gone = new DealixClient({ url: `http://127.0.0.1:${closed}` });
    const error = await failure(gone.health());
    expect(error.code).toBe('DLX_E_CLIENT_NETWORK');
    expect(error.details).toEqual({ route: 'health', reason: 'ECONNREFUSED' });
    const controller = new AbortController();
    controller.abort();
    expect((await failure(execute('k1', controller.signal))).code).toBe('DLX_E_RUNTIME_ABORTED');
    expect(() => new DealixClient({ url: 'ftp://127.0.0.1' })).toThrow(/http\(s\)/);
  });
});
