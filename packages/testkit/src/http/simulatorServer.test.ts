import { request } from 'node:http';
import { rawHttpRequest } from './rawHttpRequest';
import { SimulatorServer } from './simulatorServer';

function createWidgetServer(resetHook: () => void = () => undefined): SimulatorServer {
  const server: SimulatorServer = new SimulatorServer({
    name: 'widgets',
    routes: [
      {
        id: 'widgets.create',
        method: 'POST',
        path: '/v1/widgets',
        handler: (req) => {
          server.counters.increment('widgets_created');
          return { status: 201, body: { id: 'w_1', form: req.form() } };
        },
      },
      {
        id: 'widgets.get',
        method: 'GET',
        path: '/v1/widgets/:id',
        handler: (req) => ({ status: 200, body: { id: req.params.id } }),
      },
      {
        id: 'calls.get',
        method: 'GET',
        path: '/Accounts/:account/Calls/:sid.json',
        handler: (req) => ({ status: 200, body: req.params }),
      },
      {
        id: 'boom',
        method: 'GET',
        path: '/boom',
        handler: () => {
          throw new Error('handler bug');
        },
      },
    ],
    authenticate: (req) =>
      req.headers.authorization === 'Bearer good'
        ? null
        : { status: 401, body: { error: 'unauthorized' } },
    expiredTokenResponse: () => ({ status: 401, body: { error: 'token_expired' } }),
    errorResponse: (status) => ({ status, body: { vendor_error: status } }),
    responseHeaders: () => ({ 'Request-Id': 'req_fixed' }),
    onReset: resetHook,
  });
  return server;
}

const auth = { authorization: 'Bearer good' };

describe('SimulatorServer', () => {
  let server: SimulatorServer;
  let resets = 0;

  beforeEach(async () => {
    resets = 0;
    server = createWidgetServer(() => {
      resets += 1;
    });
    await server.start();
  });

  afterEach(async () => {
    await server.stop();
  });

  it('routes by method and path parameters, including a literal suffix', async () => {
    const widget = await rawHttpRequest(`${server.baseUrl}/v1/widgets/w_9`, { headers: auth });
    expect(widget.status).toBe(200);
    expect(JSON.parse(widget.body)).toEqual({ id: 'w_9' });
    expect(widget.headers['request-id']).toBe('req_fixed');

    const call = await rawHttpRequest(`${server.baseUrl}/Accounts/AC1/Calls/CA2.json`, {
      headers: auth,
    });
    expect(JSON.parse(call.body)).toEqual({ account: 'AC1', sid: 'CA2' });
  });

  it('parses nested form bodies and records every request with its route', async () => {
    const res = await rawHttpRequest(`${server.baseUrl}/v1/widgets?expand=a&expand=b`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'amount=5&metadata[order_id]=42&items[0][name]=x',
    });
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body).form).toEqual({
      amount: '5',
      metadata: { order_id: '42' },
      items: [{ name: 'x' }],
    });
    const [recorded] = server.requestsTo('widgets.create');
    expect(recorded?.query).toEqual({ expand: ['a', 'b'] });
    expect(recorded?.rawBody.toString()).toContain('metadata[order_id]=42');
    expect(recorded?.seq).toBe(1);
    expect(server.counters.get('widgets_created')).toBe(1);
  });

  it('refuses unauthenticated requests without running the handler, and still records them', async () => {
    const res = await rawHttpRequest(`${server.baseUrl}/v1/widgets`, { method: 'POST', body: '' });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ error: 'unauthorized' });
    expect(server.counters.get('widgets_created')).toBe(0);
    expect(server.requestsTo('widgets.create')).toHaveLength(1);
  });

  it('answers unknown routes and handler crashes with the vendor-shaped error', async () => {
    const missing = await rawHttpRequest(`${server.baseUrl}/nope`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ vendor_error: 404 });
    expect(server.requests[0]?.routeId).toBeNull();
    const crash = await rawHttpRequest(`${server.baseUrl}/boom`, { headers: auth });
    expect(crash.status).toBe(500);
    expect(JSON.parse(crash.body)).toEqual({ vendor_error: 500 });
  });

  it('injects a status fault for the next N matching requests only', async () => {
    server.injectFault({ route: 'widgets.get', fault: { kind: 'status', status: 503 }, times: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push(
        (await rawHttpRequest(`${server.baseUrl}/v1/widgets/a`, { headers: auth })).status,
      );
    }
    expect(statuses).toEqual([503, 503, 200]);
    const create = await rawHttpRequest(`${server.baseUrl}/v1/widgets`, {
      headers: auth,
      body: '',
    });
    expect(create.status).toBe(201);
  });

  it('answers a rate_limit fault with Retry-After', async () => {
    server.injectFault({
      route: '*',
      fault: { kind: 'rate_limit', retryAfterSeconds: 7 },
      times: 1,
    });
    const res = await rawHttpRequest(`${server.baseUrl}/v1/widgets/a`, { headers: auth });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(JSON.parse(res.body)).toEqual({ vendor_error: 429 });
  });

  it('delays a response beyond a client timeout, yet still performs the side effect', async () => {
    // A 1 s client timeout against a 2 s hold: under load a 50 ms one ran out before the request
    // reached the simulator (nothing held, no side effect).
    server.injectFault({ route: 'widgets.create', fault: { kind: 'delay', ms: 2_000 }, times: 1 });
    await expect(
      rawHttpRequest(`${server.baseUrl}/v1/widgets`, { headers: auth, body: '', timeoutMs: 1_000 }),
    ).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    await server.whenIdle();
    expect(server.counters.get('widgets_created')).toBe(1);
  });

  it('resets the connection before processing: no side effect', async () => {
    server.injectFault({ route: 'widgets.create', fault: { kind: 'reset' }, times: 1 });
    await expect(
      rawHttpRequest(`${server.baseUrl}/v1/widgets`, { headers: auth, body: '' }),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(server.counters.get('widgets_created')).toBe(0);
    expect(server.requestsTo('widgets.create')).toHaveLength(1);
  });

  it('resets the connection after processing: the side effect happened', async () => {
    server.injectFault({
      route: 'widgets.create',
      fault: { kind: 'reset_after_processing' },
      times: 1,
    });
    await expect(
      rawHttpRequest(`${server.baseUrl}/v1/widgets`, { headers: auth, body: '' }),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(server.counters.get('widgets_created')).toBe(1);
  });

  it('sends a malformed 200 body and the simulator-defined expired-token answer', async () => {
    server.injectFault({ route: 'widgets.get', fault: { kind: 'malformed' }, times: 1 });
    server.injectFault({ route: 'widgets.get', fault: { kind: 'expired_token' }, times: 1 });
    const malformed = await rawHttpRequest(`${server.baseUrl}/v1/widgets/a`, { headers: auth });
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.body)).toThrow(SyntaxError);
    const expired = await rawHttpRequest(`${server.baseUrl}/v1/widgets/a`, { headers: auth });
    expect(expired.status).toBe(401);
    expect(JSON.parse(expired.body)).toEqual({ error: 'token_expired' });
  });

  it('faults a seeded fraction of requests, the same ones on every run', async () => {
    const run = async (): Promise<number[]> => {
      server.reset();
      server.injectFault({
        route: 'widgets.get',
        fault: { kind: 'status', status: 500 },
        probability: 0.5,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) {
        statuses.push(
          (await rawHttpRequest(`${server.baseUrl}/v1/widgets/a`, { headers: auth })).status,
        );
      }
      return statuses;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('lists the faults still armed, with the uses each has left, in process and over HTTP', async () => {
    server.injectFault({ route: 'widgets.get', fault: { kind: 'status', status: 503 }, times: 2 });
    server.injectFault({ fault: { kind: 'reset' } });
    await rawHttpRequest(`${server.baseUrl}/v1/widgets/a`, { headers: auth });
    const expected = [
      { route: 'widgets.get', fault: { kind: 'status', status: 503 }, times: 1 },
      { fault: { kind: 'reset' } },
    ];
    expect(server.armedFaults()).toEqual(expected);
    const listed = await rawHttpRequest(`${server.baseUrl}/__sim/faults`, { method: 'GET' });
    expect(JSON.parse(listed.body)).toEqual(expected);
    // Copies: changing one arms nothing.
    server.armedFaults()[0]!.times = 50;
    await rawHttpRequest(`${server.baseUrl}/v1/widgets/a`, { headers: auth });
    expect(server.armedFaults()).toEqual([{ fault: { kind: 'reset' } }]);
    server.clearFaults();
    expect(server.armedFaults()).toEqual([]);
  });

  it('is idle once a delayed request its client gave up on has been handled', async () => {
    await server.whenIdle();
    server.injectFault({ route: 'widgets.create', fault: { kind: 'delay', ms: 150 }, times: 1 });
    const gaveUp = await new Promise<string>((resolve) => {
      const req = request(`${server.baseUrl}/v1/widgets`, { method: 'POST', headers: auth });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      req.setTimeout(20, () =>
        req.destroy(Object.assign(new Error('gave up'), { code: 'GAVE_UP' })),
      );
      req.end('a=1');
    });
    expect(gaveUp).toBe('GAVE_UP');
    expect(server.counters.get('widgets_created')).toBe(0);
    await server.whenIdle();
    expect(server.counters.get('widgets_created')).toBe(1);
  });

  it('rejects a fault for a route it does not have', () => {
    expect(() => server.injectFault({ route: 'widgets.delete', fault: { kind: 'reset' } })).toThrow(
      /no route/,
    );
  });

  it('exposes the control API over HTTP without recording it', async () => {
    const add = await rawHttpRequest(`${server.baseUrl}/__sim/faults`, {
      body: JSON.stringify({
        route: 'widgets.get',
        fault: { kind: 'status', status: 502 },
        times: 1,
      }),
    });
    expect(add.status).toBe(204);
    const bad = await rawHttpRequest(`${server.baseUrl}/__sim/faults`, {
      body: JSON.stringify({ fault: { kind: 'explode' } }),
    });
    expect(bad.status).toBe(400);
    expect((await rawHttpRequest(`${server.baseUrl}/v1/widgets/a`, { headers: auth })).status).toBe(
      502,
    );
    await rawHttpRequest(`${server.baseUrl}/v1/widgets`, { headers: auth, body: 'a=1' });

    const requests = JSON.parse((await rawHttpRequest(`${server.baseUrl}/__sim/requests`)).body);
    expect(requests.map((r: { routeId: string }) => r.routeId)).toEqual([
      'widgets.get',
      'widgets.create',
    ]);
    expect(requests[1].body).toBe('a=1');
    const counters = JSON.parse((await rawHttpRequest(`${server.baseUrl}/__sim/counters`)).body);
    expect(counters).toEqual({ widgets_created: 1 });

    await rawHttpRequest(`${server.baseUrl}/__sim/faults`, {
      body: JSON.stringify({ fault: { kind: 'status', status: 500 } }),
    });
    expect(
      (await rawHttpRequest(`${server.baseUrl}/__sim/faults`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect((await rawHttpRequest(`${server.baseUrl}/v1/widgets/a`, { headers: auth })).status).toBe(
      200,
    );

    expect((await rawHttpRequest(`${server.baseUrl}/__sim/reset`, { method: 'POST' })).status).toBe(
      204,
    );
    expect(server.requests).toHaveLength(0);
    expect(server.counters.snapshot()).toEqual({});
    expect(resets).toBe(1);
  });

  it('stops with keep-alive and in-flight delayed requests open, idempotently', async () => {
    server.injectFault({ route: 'widgets.get', fault: { kind: 'delay', ms: 60_000 } });
    const pending = new Promise<string>((resolve) => {
      const req = request(`${server.baseUrl}/v1/widgets/a`, { headers: auth });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      req.end();
    });
    await waitFor(() => server.requests.length === 1);
    await Promise.all([server.stop(), server.stop()]);
    await expect(pending).resolves.toBe('ECONNRESET');
    expect(() => server.baseUrl).toThrow(/not started/);
    await server.stop();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
