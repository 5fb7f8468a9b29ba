import fc from 'fast-check';
import type { SalesforceSimulator } from '@dealix/connector-testkit';
import {
  outputOf,
  startSalesforceSimulator,
  useSalesforceHarness,
  salesforceHarness,
} from './__fixtures__/salesforceHarness';
import { startConnectorHarness } from '@dealix/connector-testkit';

interface QueryResult {
  total_size: number;
  records: Array<{ Id: string; LastName: string }>;
  max_records: number;
  capped: boolean;
}

const SOQL = 'SELECT Id, LastName FROM Lead';
const QUERY = 'salesforce.query';
const MORE = 'salesforce.query.more';

/** Seeds `count` Leads; returns their Ids in the order a query returns them. */
function seedLeads(sim: SalesforceSimulator, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    sim.seedRecord('Lead', { LastName: `Lead ${i}`, Company: 'Nakheel Trading' }),
  );
}

describe('query over 5,000 records (batches of 2,000)', () => {
  // 6 s per attempt (60 s scaled by 0.1): room for three batches on a loaded machine.
  const harness = useSalesforceHarness({ config: { max_records: 10_000 } });

  it('follows nextRecordsUrl to the end when the cap does not bind', async () => {
    const h = harness();
    const ids = seedLeads(h.vendor, 5_000);
    const result = outputOf<QueryResult>(await h.call('query', { soql: SOQL }));
    expect(result).toMatchObject({ total_size: 5_000, max_records: 10_000, capped: false });
    expect(result.records.map((r) => r.Id)).toEqual(ids);
    expect(result.records[0]).toEqual({
      attributes: { type: 'Lead', url: `/services/data/v60.0/sobjects/Lead/${ids[0]}` },
      Id: ids[0],
      LastName: 'Lead 0',
    });
    expect(h.vendor.requestsTo(QUERY)).toHaveLength(1);
    const pages = h.vendor.requestsTo(MORE).map((r) => r.path);
    expect(pages).toEqual([
      expect.stringMatching(/^\/services\/data\/v60\.0\/query\/01gSIM\d+-2000$/),
      expect.stringMatching(/^\/services\/data\/v60\.0\/query\/01gSIM\d+-4000$/),
    ]);
  });

  it('stops at the cap inside a batch, and says it was capped', async () => {
    const h = harness();
    const ids = seedLeads(h.vendor, 5_000);
    const result = outputOf<QueryResult>(await h.call('query', { soql: SOQL, max_records: 4_500 }));
    expect(result).toMatchObject({ total_size: 5_000, max_records: 4_500, capped: true });
    expect(result.records.map((r) => r.Id)).toEqual(ids.slice(0, 4_500));
    expect(h.vendor.requestsTo(MORE)).toHaveLength(2);
  });

  it('asks for no further batch once the cap is reached on a batch boundary', async () => {
    const h = harness();
    seedLeads(h.vendor, 5_000);
    const result = outputOf<QueryResult>(await h.call('query', { soql: SOQL, max_records: 4_000 }));
    expect(result).toMatchObject({ max_records: 4_000, capped: true });
    expect(result.records).toHaveLength(4_000);
    expect(h.vendor.requestsTo(MORE)).toHaveLength(1);
  });

  it('refreshes a session that expires between batches once, and returns every record', async () => {
    const h = harness();
    const ids = seedLeads(h.vendor, 5_000);
    await h.call('query', { soql: 'SELECT Id FROM Lead LIMIT 1' });
    // The second batch finds the session expired; the query runs again with a new token.
    h.vendor.server.injectFault({ route: MORE, fault: { kind: 'expired_token' }, times: 1 });
    const result = await h.call('query', { soql: SOQL });
    expect(result).toMatchObject({ status: 'ok', attempts: 1 });
    expect(outputOf<QueryResult>(result).records.map((r) => r.Id)).toEqual(ids);
    expect(h.vendor.counters.get('tokens_issued')).toBe(2);
    expect(h.vendor.requestsTo(QUERY)).toHaveLength(3);
    expect(h.vendor.requestsTo(MORE)).toHaveLength(3);
  });

  it('retries a batch that failed transiently as a new attempt', async () => {
    const h = harness();
    const ids = seedLeads(h.vendor, 5_000);
    h.vendor.server.injectFault({ route: MORE, fault: { kind: 'status', status: 503 }, times: 1 });
    const result = await h.call('query', { soql: SOQL });
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
    expect(outputOf<QueryResult>(result).records).toHaveLength(ids.length);
  });

  it('refuses a nextRecordsUrl outside the query resource, without following it', async () => {
    const h = harness();
    h.vendor.server.injectFault({
      route: QUERY,
      fault: {
        kind: 'status',
        status: 200,
        body: {
          totalSize: 9,
          done: false,
          nextRecordsUrl: '/services/data/v60.0/sobjects/User',
          records: [],
        },
      },
      times: 3,
    });
    const error = await h.rejection(() => h.call('query', { soql: SOQL }));
    expect(error).toMatchObject({ code: 'DLX_E_RUNTIME_OUTPUT_INVALID' });
    expect(h.vendor.requestsTo(MORE)).toHaveLength(0);
  });
});

describe("the tenant's max_records", () => {
  const harness = useSalesforceHarness();

  it('bounds every query (default 2,000): an input asking for more gets the tenant cap', async () => {
    const h = harness();
    seedLeads(h.vendor, 5_000);
    const result = outputOf<QueryResult>(await h.call('query', { soql: SOQL, max_records: 9_000 }));
    expect(result).toMatchObject({ total_size: 5_000, max_records: 2_000, capped: true });
    expect(result.records).toHaveLength(2_000);
    expect(h.vendor.requestsTo(MORE)).toHaveLength(0);
  });

  it('is not capped when exactly as many records match as the cap allows', async () => {
    const h = harness();
    seedLeads(h.vendor, 3);
    const result = outputOf<QueryResult>(await h.call('query', { soql: SOQL, max_records: 3 }));
    expect(result).toMatchObject({ total_size: 3, capped: false });
  });
});

describe('query paging (property)', () => {
  it('returns the first min(matches, cap) records in order, capped exactly when more matched', async () => {
    const h = await startConnectorHarness({
      ...salesforceHarness(),
      startSimulator: () =>
        startSalesforceSimulator({ config: { max_records: 50 }, simulator: { queryBatchSize: 7 } }),
    });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 60 }),
          fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
          async (count, asked) => {
            h.vendor.server.reset();
            const ids = seedLeads(h.vendor, count);
            const result = outputOf<QueryResult>(
              await h.call('query', {
                soql: SOQL,
                ...(asked !== undefined && { max_records: asked }),
              }),
            );
            const cap = Math.min(asked ?? 50, 50);
            expect(result.max_records).toBe(cap);
            expect(result.records.map((r) => r.Id)).toEqual(ids.slice(0, cap));
            expect(result.capped).toBe(count > cap);
            expect(result.total_size).toBe(count);
          },
        ),
        { numRuns: 25 },
      );
    } finally {
      await h.stop();
    }
  });
});
