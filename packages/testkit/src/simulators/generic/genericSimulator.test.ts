import { rawHttpRequest } from '../../http/rawHttpRequest';
import { createGenericSimulator, type GenericSimulator } from './genericSimulator';

describe('createGenericSimulator', () => {
  let sim: GenericSimulator;
  const headers = { authorization: 'Bearer tok_1', 'x-api-key': 'k1' };

  beforeEach(async () => {
    let next = 0;
    sim = createGenericSimulator({
      name: 'tickets',
      auth: { bearer: 'tok_1', header: { name: 'X-Api-Key', value: 'k1' } },
      routes: [
        {
          id: 'tickets.create',
          method: 'POST',
          path: '/api/tickets',
          sideEffect: 'tickets_created',
          response: (req) => {
            const body = req.json<{ title?: string }>();
            if (!body.title) return { status: 422, body: { error: 'title required' } };
            next += 1;
            return { status: 201, body: { id: `t_${next}`, title: body.title } };
          },
        },
        { id: 'health', method: 'GET', path: '/api/health', response: { status: 200, body: 'ok' } },
      ],
    });
    await sim.start();
  });

  afterEach(() => sim.stop());

  const createTicket = (body: unknown, extra: Record<string, string> = headers) =>
    rawHttpRequest(`${sim.baseUrl}/api/tickets`, {
      headers: { ...extra, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers declared routes and counts the side effect only on 2xx', async () => {
    const created = await createTicket({ title: 'printer on fire' });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.body)).toEqual({ id: 't_1', title: 'printer on fire' });
    expect((await createTicket({})).status).toBe(422);
    const health = await rawHttpRequest(`${sim.baseUrl}/api/health`, { headers });
    expect(health.body).toBe('ok');
    expect(sim.counters.get('tickets_created')).toBe(1);
    expect(sim.requestsTo('tickets.create')).toHaveLength(2);
  });

  it('requires every configured credential', async () => {
    const noKey = await createTicket({ title: 'x' }, { authorization: 'Bearer tok_1' });
    const badBearer = await createTicket(
      { title: 'x' },
      { ...headers, authorization: 'Bearer no' },
    );
    expect(noKey.status).toBe(401);
    expect(badBearer.status).toBe(401);
    expect(JSON.parse(noKey.body).error.code).toBe('unauthorized');
    expect(sim.counters.get('tickets_created')).toBe(0);
  });

  it('applies every fault kind to a route', async () => {
    sim.injectFault({ route: 'tickets.create', fault: { kind: 'status', status: 503 }, times: 1 });
    sim.injectFault({
      route: 'tickets.create',
      fault: { kind: 'rate_limit', retryAfterSeconds: 3 },
      times: 1,
    });
    sim.injectFault({ route: 'tickets.create', fault: { kind: 'malformed' }, times: 1 });
    sim.injectFault({ route: 'tickets.create', fault: { kind: 'expired_token' }, times: 1 });
    sim.injectFault({ route: 'tickets.create', fault: { kind: 'reset' }, times: 1 });
    sim.injectFault({
      route: 'tickets.create',
      fault: { kind: 'reset_after_processing' },
      times: 1,
    });
    sim.injectFault({ route: 'tickets.create', fault: { kind: 'delay', ms: 200 }, times: 1 });

    const unavailable = await createTicket({ title: 'a' });
    expect(unavailable.status).toBe(503);
    expect(JSON.parse(unavailable.body).error.code).toBe('simulated_error');
    const limited = await createTicket({ title: 'a' });
    expect([limited.status, limited.headers['retry-after']]).toEqual([429, '3']);
    const malformed = await createTicket({ title: 'a' });
    expect(() => JSON.parse(malformed.body)).toThrow(SyntaxError);
    const expired = await createTicket({ title: 'a' });
    expect([expired.status, JSON.parse(expired.body).error.code]).toEqual([401, 'token_expired']);
    await expect(createTicket({ title: 'a' })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(sim.counters.get('tickets_created')).toBe(0);
    await expect(createTicket({ title: 'a' })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(sim.counters.get('tickets_created')).toBe(1);
    const slow = await createTicket({ title: 'b' });
    expect(slow.status).toBe(201);
    expect(sim.counters.get('tickets_created')).toBe(2);
    expect(sim.requestsTo('tickets.create')).toHaveLength(7);
  });
});
