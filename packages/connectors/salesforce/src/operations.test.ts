import { hasErrorCode } from '@dealix/connector-core';
import { lead, outputOf, useSalesforceHarness } from './__fixtures__/salesforceHarness';

const SOBJECTS = '/services/data/v60.0/sobjects';

describe('Salesforce operations through the governance runtime', () => {
  const harness = useSalesforceHarness();

  it('creates a record with its fields as JSON, under the caller key, without approval', async () => {
    const h = harness();
    const result = await h.call('create_record', { sobject: 'Lead', fields: lead() }, 'lead-1');
    const created = outputOf<{ id: string; sobject: string }>(result);
    expect(created).toEqual({ id: expect.stringMatching(/^00Q\w{15}$/), sobject: 'Lead' });
    const [sent] = h.vendor.server.requestsTo('salesforce.sobject.create');
    expect(sent!.path).toBe(`${SOBJECTS}/Lead/`);
    expect(sent!.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(sent!.rawBody.toString('utf8'))).toEqual(lead());
    expect(h.vendor.records('Lead')).toMatchObject([
      { Id: created.id, Company: 'Nakheel Trading' },
    ]);
    // A repeat with the same key is answered from the store: Salesforce sees one create.
    expect(
      await h.call('create_record', { sobject: 'Lead', fields: lead() }, 'lead-1'),
    ).toMatchObject({
      replayed: true,
      output: created,
    });
    expect(h.vendor.counters.get('records_created')).toBe(1);
  });

  it('refuses a create without a caller key, before any request', async () => {
    const h = harness();
    const error = await h.rejection(() =>
      h.call('create_record', { sobject: 'Lead', fields: lead() }),
    );
    expect(hasErrorCode(error, 'DLX_E_IDEMPOTENCY_KEY_REQUIRED')).toBe(true);
    expect(h.vendor.server.requests).toHaveLength(0);
  });

  it('updates fields of a record by Id (204), and a retried update leaves the same record', async () => {
    const h = harness();
    const id = h.vendor.seedRecord('Lead', lead());
    h.vendor.server.injectFault({
      route: 'salesforce.sobject.update',
      fault: { kind: 'reset_after_processing' },
      times: 1,
    });
    const result = await h.call('update_record', {
      sobject: 'Lead',
      id,
      fields: { Status: 'Working' },
    });
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
    expect(outputOf(result)).toEqual({ id, sobject: 'Lead', updated: true });
    expect(h.vendor.records('Lead')[0]).toMatchObject({
      Status: 'Working',
      Company: 'Nakheel Trading',
    });
  });

  it('upserts by external id: created first, updated on the next call, one record', async () => {
    const h = harness();
    const input = {
      sobject: 'Lead',
      external_id_field: 'Dealix_Id__c',
      external_id_value: 'D 42/x',
      fields: lead(),
    };
    const first = outputOf<{ id: string; created: boolean }>(
      await h.call('upsert_by_external_id', input),
    );
    expect(first).toMatchObject({ sobject: 'Lead', created: true });
    const second = outputOf(
      await h.call('upsert_by_external_id', { ...input, fields: { Status: 'Qualified' } }),
    );
    expect(second).toEqual({ id: first.id, sobject: 'Lead', created: false });
    // The value is one encoded path segment.
    expect(h.vendor.server.requestsTo('salesforce.sobject.upsert')[0]!.path).toBe(
      `${SOBJECTS}/Lead/Dealix_Id__c/D%2042%2Fx`,
    );
    expect(h.vendor.records('Lead')).toEqual([
      expect.objectContaining({ Id: first.id, Dealix_Id__c: 'D 42/x', Status: 'Qualified' }),
    ]);
  });

  it('upserts once when the first answer is lost: the re-send updates what it created', async () => {
    const h = harness();
    h.vendor.server.injectFault({
      route: 'salesforce.sobject.upsert',
      fault: { kind: 'reset_after_processing' },
      times: 1,
    });
    const result = await h.call('upsert_by_external_id', {
      sobject: 'Lead',
      external_id_field: 'Dealix_Id__c',
      external_id_value: 'D-7',
      fields: lead(),
    });
    expect(result).toMatchObject({ status: 'ok', attempts: 2, output: { created: false } });
    expect(h.vendor.records('Lead')).toHaveLength(1);
    expect(h.vendor.server.counters.snapshot()).toMatchObject({
      records_created: 1,
      records_updated: 1,
    });
  });

  it('deletes a record after approval; deleting it again counts as deleted', async () => {
    const h = harness();
    const id = h.vendor.seedRecord('Lead', lead());
    const asked = await h.call('delete_record', { sobject: 'Lead', id }, 'del-1');
    expect(asked.status).toBe('approval_required');
    expect(h.vendor.server.requests).toHaveLength(0);
    const deleted = await h.approved('delete_record', { sobject: 'Lead', id }, 'del-1');
    expect(outputOf(deleted)).toEqual({
      id,
      sobject: 'Lead',
      deleted: true,
      already_deleted: false,
    });
    const again = await h.approved('delete_record', { sobject: 'Lead', id }, 'del-2');
    expect(outputOf(again)).toMatchObject({ deleted: true, already_deleted: true });
    expect(h.vendor.records('Lead')).toHaveLength(0);
    expect(h.vendor.counters.get('records_deleted')).toBe(1);
  });

  it.each([
    ['an sObject name that is a path', 'create_record', { sobject: '../limits', fields: {} }],
    [
      'a field name with a dot',
      'create_record',
      { sobject: 'Lead', fields: { 'Owner.Name': 'x' } },
    ],
    [
      'an Id among the fields of a create',
      'create_record',
      { sobject: 'Lead', fields: { Id: '00Q5g00000000001AAA' } },
    ],
    ['a nested field value', 'create_record', { sobject: 'Lead', fields: { LastName: { a: 1 } } }],
    [
      'a malformed record Id',
      'update_record',
      { sobject: 'Lead', id: 'abc', fields: { Status: 'x' } },
    ],
    [
      'an update that changes nothing',
      'update_record',
      { sobject: 'Lead', id: '00Q5g00000000001AAA', fields: {} },
    ],
    [
      'an empty external id value',
      'upsert_by_external_id',
      { sobject: 'Lead', external_id_field: 'Ext__c', external_id_value: '', fields: { A: 1 } },
    ],
    ['an empty query', 'query', { soql: '   ' }],
    ['a max_records of zero', 'query', { soql: 'SELECT Id FROM Lead', max_records: 0 }],
    ['a delete without an Id', 'delete_record', { sobject: 'Lead' }],
  ])('rejects %s before any request', async (_case, operation, input) => {
    const h = harness();
    const error = await h.rejection(() => h.call(operation, input, 'bad-input'));
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_INPUT_INVALID')).toBe(true);
    expect(h.vendor.server.requests).toHaveLength(0);
  });

  it('audits calls with the record fields masked', async () => {
    const h = harness();
    await h.call('create_record', { sobject: 'Lead', fields: lead('Qasim') }, 'lead-1');
    const audit = await h.stores.audit.list({ tenant: h.tenant });
    const created = audit.find((record) => record.event === 'record_created');
    expect(created).toMatchObject({ outcome: 'success', operation: 'create_record' });
    const text = JSON.stringify(created);
    expect(text).toContain('Lead');
    expect(text).not.toContain('qasim@dealix.test');
    expect(text).not.toContain('Nakheel Trading');
  });

  it('probes the limits resource: ok, then ok again after the session expired (one refresh)', async () => {
    const h = harness();
    expect(await h.runtime.probe(h.tenant, 'salesforce')).toMatchObject({ status: 'ok' });
    expect(h.vendor.server.requests.at(-1)?.path).toBe('/services/data/v60.0/limits');
    h.vendor.expireTokens();
    expect(await h.runtime.probe(h.tenant, 'salesforce')).toMatchObject({ status: 'ok' });
    expect(h.vendor.counters.get('tokens_issued')).toBe(2);
  });

  it('probes degraded when the org has no API requests left or is unavailable', async () => {
    const h = harness();
    h.vendor.server.injectFault({
      route: 'salesforce.limits',
      fault: {
        kind: 'status',
        status: 200,
        body: { DailyApiRequests: { Max: 5000, Remaining: 0 } },
      },
      times: 1,
    });
    expect(await h.runtime.probe(h.tenant, 'salesforce')).toMatchObject({
      status: 'degraded',
      detail: 'no daily API requests left (limit 5000)',
    });
    h.vendor.server.injectFault({
      route: 'salesforce.limits',
      fault: { kind: 'status', status: 503 },
      times: 1,
    });
    expect(await h.runtime.probe(h.tenant, 'salesforce')).toMatchObject({
      status: 'degraded',
      detail: 'limits read failed: DLX_E_VENDOR_TRANSIENT',
    });
  });
});

describe('an org on an API version that answers an upsert update with 204', () => {
  const harness = useSalesforceHarness({ simulator: { upsertUpdateStatus: 204 } });

  it('reports the update with no id, since Salesforce sends none', async () => {
    const h = harness();
    h.vendor.seedRecord('Lead', { ...lead(), Dealix_Id__c: 'D-9' });
    const result = await h.call('upsert_by_external_id', {
      sobject: 'Lead',
      external_id_field: 'Dealix_Id__c',
      external_id_value: 'D-9',
      fields: { Status: 'Qualified' },
    });
    expect(outputOf(result)).toEqual({ id: null, sobject: 'Lead', created: false });
    expect(h.vendor.records('Lead')[0]).toMatchObject({ Status: 'Qualified' });
  });
});
