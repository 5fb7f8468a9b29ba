import { rawHttpRequest } from '../../http/rawHttpRequest';
import { createSalesforceSimulator } from './salesforceSimulator';
import type { SalesforceSimulator } from './salesforceSimulator';
import {
  call,
  json,
  lead,
  rejection,
  requestToken,
  SOBJECTS,
} from './__fixtures__/salesforceClient';

describe('Salesforce simulator: query, faults and reset', () => {
  let sim: SalesforceSimulator;
  let token: string;
  beforeEach(async () => {
    sim = createSalesforceSimulator({ queryBatchSize: 2 });
    await sim.start();
    token = sim.issueToken();
  });
  afterEach(async () => {
    await sim.stop();
  });

  describe('SOQL query', () => {
    it('pages through batches with nextRecordsUrl until done', async () => {
      for (const name of ['A', 'B', 'C']) sim.seedRecord('Lead', { ...lead, LastName: name });
      const q = encodeURIComponent('SELECT Id, LastName FROM Lead');
      const first = json(
        await call(sim, 'GET', `/services/data/v60.0/query?q=${q}`, { token }),
      ) as {
        totalSize: number;
        done: boolean;
        nextRecordsUrl: string;
        records: Array<Record<string, unknown>>;
      };
      expect(first).toMatchObject({ totalSize: 3, done: false });
      expect(first.records.map((r) => r.LastName)).toEqual(['A', 'B']);
      expect(Object.keys(first.records[0] ?? {})).toEqual(['attributes', 'Id', 'LastName']);

      const second = json(await call(sim, 'GET', first.nextRecordsUrl, { token }));
      expect(second).toMatchObject({ totalSize: 3, done: true, records: [{ LastName: 'C' }] });
      expect(second).not.toHaveProperty('nextRecordsUrl');
    });

    it('filters with WHERE and LIMIT', async () => {
      sim.seedRecord('Lead', { ...lead, Email: 'a@x.test' });
      sim.seedRecord('Lead', { ...lead, Email: 'b@x.test' });
      const q = encodeURIComponent("SELECT Email FROM Lead WHERE Email = 'b@x.test' LIMIT 1");
      const body = json(await call(sim, 'GET', `/services/data/v60.0/query?q=${q}`, { token }));
      expect(body).toMatchObject({ totalSize: 1, done: true, records: [{ Email: 'b@x.test' }] });
    });

    it('answers 400 MALFORMED_QUERY for SOQL it cannot parse and INVALID_TYPE for unknown objects', async () => {
      const bad = await call(
        sim,
        'GET',
        `/services/data/v60.0/query?q=${encodeURIComponent('SELEKT Id')}`,
        { token },
      );
      expect(bad.status).toBe(400);
      expect(json(bad)).toMatchObject([{ errorCode: 'MALFORMED_QUERY' }]);
      const unknown = await call(
        sim,
        'GET',
        `/services/data/v60.0/query?q=${encodeURIComponent('SELECT Id FROM Nope')}`,
        {
          token,
        },
      );
      expect(json(unknown)).toMatchObject([{ errorCode: 'INVALID_TYPE' }]);
    });
  });

  describe('faults', () => {
    it('a 429 with Retry-After creates nothing; the retry creates once', async () => {
      sim.injectFault({
        route: 'salesforce.sobject.create',
        fault: { kind: 'rate_limit', retryAfterSeconds: 3 },
        times: 1,
      });
      const limited = await call(sim, 'POST', `${SOBJECTS}/Lead/`, { token, body: lead });
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('3');
      expect(json(limited)).toMatchObject([{ errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
      const retried = await call(sim, 'POST', `${SOBJECTS}/Lead/`, { token, body: lead });
      expect(retried.status).toBe(201);
      expect(sim.counters.get('records_created')).toBe(1);
      expect(sim.requestsTo('salesforce.sobject.create')).toHaveLength(2);
    });

    it('a reset before processing creates nothing; a reset after processing still creates', async () => {
      sim.injectFault({ route: 'salesforce.sobject.create', fault: { kind: 'reset' }, times: 1 });
      expect(
        (await rejection(call(sim, 'POST', `${SOBJECTS}/Lead/`, { token, body: lead }))).code,
      ).toBe('ECONNRESET');
      expect(sim.counters.get('records_created')).toBe(0);

      sim.injectFault({
        route: 'salesforce.sobject.create',
        fault: { kind: 'reset_after_processing' },
        times: 1,
      });
      expect(
        (await rejection(call(sim, 'POST', `${SOBJECTS}/Lead/`, { token, body: lead }))).code,
      ).toBe('ECONNRESET');
      expect(sim.counters.get('records_created')).toBe(1);
    });

    it('a delay longer than the client timeout makes the client time out', async () => {
      sim.injectFault({ route: 'salesforce.query', fault: { kind: 'delay', ms: 2000 }, times: 1 });
      const q = encodeURIComponent('SELECT Id FROM Lead');
      const err = await rejection(
        call(sim, 'GET', `/services/data/v60.0/query?q=${q}`, { token, timeoutMs: 100 }),
      );
      expect(err.code).toBe('ETIMEDOUT');
    });

    it('an expired_token fault answers 401 INVALID_SESSION_ID once; the token works afterwards', async () => {
      sim.injectFault({
        route: 'salesforce.sobject.create',
        fault: { kind: 'expired_token' },
        times: 1,
      });
      const refused = await call(sim, 'POST', `${SOBJECTS}/Lead/`, { token, body: lead });
      expect(refused.status).toBe(401);
      expect(json(refused)).toMatchObject([{ errorCode: 'INVALID_SESSION_ID' }]);
      const accepted = await call(sim, 'POST', `${SOBJECTS}/Lead/`, { token, body: lead });
      expect(accepted.status).toBe(201);
    });
  });

  it('reset() forgets records, tokens and counters', async () => {
    sim.seedRecord('Lead', lead);
    await requestToken(sim);
    sim.reset();
    expect(sim.records('Lead')).toEqual([]);
    expect(sim.counters.snapshot()).toEqual({});
    expect((await call(sim, 'GET', '/services/data/v60.0/limits', { token })).status).toBe(401);
  });

  it('offers token expiry and seeding over the control API for sandbox mode', async () => {
    const seeded = await rawHttpRequest(`${sim.baseUrl}/__sim/records/Lead`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(lead),
    });
    expect(seeded.status).toBe(201);
    const { id } = JSON.parse(seeded.body) as { id: string };
    expect((await call(sim, 'GET', `${SOBJECTS}/Lead/${id}`, { token })).status).toBe(200);
    expect(sim.counters.get('records_created')).toBe(0);

    await rawHttpRequest(`${sim.baseUrl}/__sim/expire-tokens`, { method: 'POST', body: '' });
    expect((await call(sim, 'GET', `${SOBJECTS}/Lead/${id}`, { token })).status).toBe(401);
  });
});
