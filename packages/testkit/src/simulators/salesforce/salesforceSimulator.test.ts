import { createSalesforceSimulator } from './salesforceSimulator';
import type { SalesforceSimulator } from './salesforceSimulator';
import { call, json, lead, requestToken, SOBJECTS } from './__fixtures__/salesforceClient';

describe('Salesforce simulator', () => {
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

  describe('OAuth client credentials', () => {
    it('issues a bearer token whose instance_url is the simulator', async () => {
      const response = await requestToken(sim);
      expect(response.status).toBe(200);
      const body = json(response) as Record<string, string>;
      expect(body).toMatchObject({
        token_type: 'Bearer',
        token_format: 'opaque',
        instance_url: sim.baseUrl,
      });
      expect(body.issued_at).toMatch(/^\d+$/);
      expect(sim.counters.get('tokens_issued')).toBe(1);
      const limits = await call(sim, 'GET', '/services/data/v60.0/limits', {
        token: body.access_token,
      });
      expect(limits.status).toBe(200);
    });

    it('refuses a wrong client secret with 400 invalid_client', async () => {
      const response = await requestToken(sim, 'wrong');
      expect(response.status).toBe(400);
      expect(json(response)).toMatchObject({ error: 'invalid_client' });
      expect(sim.counters.get('tokens_issued')).toBe(0);
    });
  });

  describe('authentication', () => {
    it('answers 401 INVALID_SESSION_ID without a token, with an unknown one, or after expireTokens()', async () => {
      for (const presented of [undefined, 'not-a-token']) {
        const response = await call(sim, 'GET', '/services/data/v60.0/limits', {
          token: presented,
        });
        expect(response.status).toBe(401);
        expect(json(response)).toEqual([
          { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
        ]);
      }
      sim.expireTokens();
      const expired = await call(sim, 'GET', '/services/data/v60.0/limits', { token });
      expect(expired.status).toBe(401);
      const fresh = await call(sim, 'GET', '/services/data/v60.0/limits', {
        token: sim.issueToken(),
      });
      expect(fresh.status).toBe(200);
    });

    it('expires tokens after tokenTtlMs', async () => {
      const shortLived = createSalesforceSimulator({ tokenTtlMs: 20 });
      await shortLived.start();
      const stale = shortLived.issueToken();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const response = await call(shortLived, 'GET', '/services/data/v60.0/limits', {
        token: stale,
      });
      await shortLived.stop();
      expect(response.status).toBe(401);
      expect(json(response)).toMatchObject([{ errorCode: 'INVALID_SESSION_ID' }]);
    });

    it('reports API usage in Sforce-Limit-Info on every REST answer, errors included', async () => {
      const first = await call(sim, 'GET', '/services/data/v60.0/limits', { token });
      const second = await call(sim, 'GET', `${SOBJECTS}/Lead/00Qmissing`, { token });
      expect(first.headers['sforce-limit-info']).toBe('api-usage=1/5000');
      expect(second.status).toBe(404);
      expect(second.headers['sforce-limit-info']).toBe('api-usage=2/5000');
      expect(json(first)).toEqual({ DailyApiRequests: { Max: 5000, Remaining: 4999 } });
    });
  });

  describe('sObject records', () => {
    it('creates a Lead (201), reads it back, and counts the creation', async () => {
      const created = await call(sim, 'POST', `${SOBJECTS}/Lead/`, { token, body: lead });
      expect(created.status).toBe(201);
      const result = json(created) as { id: string; success: boolean; errors: unknown[] };
      expect(result).toEqual({
        id: expect.stringMatching(/^00Q\w{15}$/),
        success: true,
        errors: [],
      });
      expect(sim.counters.get('records_created')).toBe(1);

      const read = await call(sim, 'GET', `${SOBJECTS}/Lead/${result.id}`, { token });
      expect(json(read)).toMatchObject({
        attributes: { type: 'Lead', url: `${SOBJECTS}/Lead/${result.id}` },
        Id: result.id,
        Company: 'Dealix',
      });
    });

    it('answers vendor error arrays: missing required fields, Id in the body, unknown object', async () => {
      const missing = await call(sim, 'POST', `${SOBJECTS}/Lead/`, {
        token,
        body: { LastName: 'Haddad' },
      });
      expect(missing.status).toBe(400);
      expect(json(missing)).toEqual([
        {
          message: 'Required fields are missing: [Company]',
          errorCode: 'REQUIRED_FIELD_MISSING',
          fields: ['Company'],
        },
      ]);
      const withId = await call(sim, 'POST', `${SOBJECTS}/Lead/`, {
        token,
        body: { ...lead, Id: '00Q1' },
      });
      expect(json(withId)).toMatchObject([{ errorCode: 'INVALID_FIELD' }]);
      const unknown = await call(sim, 'POST', `${SOBJECTS}/Widget__c/`, { token, body: lead });
      expect(unknown.status).toBe(404);
      expect(json(unknown)).toMatchObject([{ errorCode: 'NOT_FOUND' }]);
      expect(sim.counters.get('records_created')).toBe(0);
    });

    it('updates with PATCH (204) and deletes once; a second delete is 404 ENTITY_IS_DELETED', async () => {
      const id = sim.seedRecord('Lead', lead);
      const patched = await call(sim, 'PATCH', `${SOBJECTS}/Lead/${id}`, {
        token,
        body: { Status: 'Working' },
      });
      expect(patched.status).toBe(204);
      expect(sim.records('Lead')[0]).toMatchObject({ Status: 'Working', Company: 'Dealix' });

      const deleted = await call(sim, 'DELETE', `${SOBJECTS}/Lead/${id}`, { token });
      expect(deleted.status).toBe(204);
      expect(deleted.body).toBe('');
      const again = await call(sim, 'DELETE', `${SOBJECTS}/Lead/${id}`, { token });
      expect(again.status).toBe(404);
      expect(json(again)).toMatchObject([{ errorCode: 'ENTITY_IS_DELETED' }]);
      expect(sim.counters.snapshot()).toEqual({ records_updated: 1, records_deleted: 1 });
    });

    it('upserts by external id: 201 created, then 200 updated', async () => {
      const path = `${SOBJECTS}/Lead/Dealix_Id__c/D-42`;
      const first = await call(sim, 'PATCH', path, { token, body: lead });
      expect(first.status).toBe(201);
      expect(json(first)).toMatchObject({ success: true, created: true });
      const second = await call(sim, 'PATCH', path, { token, body: { Status: 'Qualified' } });
      expect(second.status).toBe(200);
      expect(json(second)).toMatchObject({
        id: (json(first) as { id: string }).id,
        created: false,
      });
      expect(sim.records('Lead')).toHaveLength(1);
      expect(sim.counters.snapshot()).toEqual({ records_created: 1, records_updated: 1 });
    });

    it('answers 400 DUPLICATE_VALUE when a unique field would repeat, on create and update', async () => {
      const unique = createSalesforceSimulator({ uniqueFields: { Lead: ['Dealix_Id__c'] } });
      await unique.start();
      const uniqueToken = unique.issueToken();
      const first = unique.seedRecord('Lead', { ...lead, Dealix_Id__c: 'D-1' });
      const second = unique.seedRecord('Lead', { ...lead, Dealix_Id__c: 'D-2' });
      const created = await call(unique, 'POST', `${SOBJECTS}/Lead/`, {
        token: uniqueToken,
        body: { ...lead, dealix_id__c: 'D-1' },
      });
      const updated = await call(unique, 'PATCH', `${SOBJECTS}/Lead/${second}`, {
        token: uniqueToken,
        body: { Dealix_Id__c: 'D-1' },
      });
      const unchanged = await call(unique, 'PATCH', `${SOBJECTS}/Lead/${first}`, {
        token: uniqueToken,
        body: { Dealix_Id__c: 'D-1', Status: 'Working' },
      });
      const counters = unique.counters.snapshot();
      await unique.stop();
      for (const refused of [created, updated]) {
        expect(refused.status).toBe(400);
        expect(json(refused)).toEqual([
          {
            errorCode: 'DUPLICATE_VALUE',
            message: `duplicate value found: Dealix_Id__c duplicates value on record with id: ${first}`,
          },
        ]);
      }
      expect(unchanged.status).toBe(204);
      expect(counters).toEqual({ records_updated: 1 });
    });

    it('answers an upsert update with 204 when configured like older API versions', async () => {
      const older = createSalesforceSimulator({ upsertUpdateStatus: 204 });
      await older.start();
      older.seedRecord('Lead', { ...lead, Dealix_Id__c: 'D-7' });
      const response = await call(older, 'PATCH', `${SOBJECTS}/Lead/Dealix_Id__c/D-7`, {
        token: older.issueToken(),
        body: { Status: 'Qualified' },
      });
      await older.stop();
      expect(response.status).toBe(204);
    });
  });
});
