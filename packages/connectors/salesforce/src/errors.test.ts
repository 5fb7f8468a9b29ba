import { DlxError, isDlxError, mapVendorError, type ErrorCode } from '@dealix/connector-core';
import {
  lead,
  loadManifest,
  restRequests,
  useSalesforceHarness,
  type SalesforceHarness,
} from './__fixtures__/salesforceHarness';
import { SALESFORCE_ERRORS } from './errors';
import { SOQL_ENCODED_MAX } from './operations/query';

describe('Salesforce errors through the governance runtime', () => {
  const harness = useSalesforceHarness({
    simulator: { uniqueFields: { Lead: ['Dealix_Id__c'] } },
  });
  let h: SalesforceHarness;
  beforeEach(() => {
    h = harness();
  });

  /** Everything a caller or operator could see of an error, as text. */
  const visible = (error: unknown) => `${JSON.stringify(error)} ${(error as Error).message}`;

  it('names the missing fields of REQUIRED_FIELD_MISSING, sent once', async () => {
    const error = await h.rejection(() =>
      h.call('create_record', { sobject: 'Lead', fields: { LastName: 'Haddad' } }, 'lead-1'),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      vendorCode: 'REQUIRED_FIELD_MISSING',
      vendorStatus: 400,
      details: expect.objectContaining({ fields: 'Company' }),
    });
    expect(restRequests(h.vendor)).toBe(1);
  });

  it('keeps a malformed query permanent and its text out of the error', async () => {
    const soql = "SELEKT Id FROM Lead WHERE Email = 'private@person.test'";
    const error = await h.rejection(() => h.call('query', { soql }));
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_PERMANENT', vendorCode: 'MALFORMED_QUERY' });
    expect(visible(error)).not.toContain('private@person.test');
    expect(restRequests(h.vendor)).toBe(1);
  });

  it('refuses SOQL too long for the URL it travels in before sending it, and sends one at the limit', async () => {
    // A query of exactly `bytes` bytes once URL-encoded.
    const at = (bytes: number) => {
      const head = "SELECT Id FROM Lead WHERE LastName = '";
      const fill = bytes - encodeURIComponent(head + "'").length;
      return `${head}${'a'.repeat(fill)}'`;
    };
    expect(encodeURIComponent(at(SOQL_ENCODED_MAX)).length).toBe(SOQL_ENCODED_MAX);
    const error = await h.rejection(() => h.call('query', { soql: at(SOQL_ENCODED_MAX + 1) }));
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_INPUT_INVALID',
      message: expect.stringContaining('at most 15000 bytes once URL-encoded'),
    });
    expect(restRequests(h.vendor)).toBe(0);
    // Spaces and quotes count as they are sent (%20, %27), not as typed.
    const spaced = `SELECT Id FROM Lead WHERE LastName = '${' '.repeat(5_000)}'`;
    expect((await h.rejection(() => h.call('query', { soql: spaced }))).code).toBe(
      'DLX_E_RUNTIME_INPUT_INVALID',
    );
    const sent = await h.call('query', { soql: at(SOQL_ENCODED_MAX) });
    expect(sent).toMatchObject({ status: 'ok', output: { total_size: 0 } });
    expect(restRequests(h.vendor)).toBe(1);
  });

  it('refuses an update of a deleted record (ENTITY_IS_DELETED) and of an unknown one', async () => {
    const id = h.vendor.seedRecord('Lead', lead());
    await h.approved('delete_record', { sobject: 'Lead', id }, 'del-1');
    const deleted = await h.rejection(() =>
      h.call('update_record', { sobject: 'Lead', id, fields: { Status: 'Working' } }),
    );
    expect(deleted).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      vendorCode: 'ENTITY_IS_DELETED',
    });
    const unknown = await h.rejection(() =>
      h.call('update_record', {
        sobject: 'Lead',
        id: '00Q000000000000AAA',
        fields: { Status: 'x' },
      }),
    );
    expect(unknown).toMatchObject({ code: 'DLX_E_VENDOR_PERMANENT', vendorCode: 'NOT_FOUND' });
  });

  it('reports DUPLICATE_VALUE without the duplicated value', async () => {
    h.vendor.seedRecord('Lead', { ...lead(), Dealix_Id__c: 'secret-customer-7' });
    const error = await h.rejection(() =>
      h.call(
        'create_record',
        { sobject: 'Lead', fields: { ...lead('Other'), Dealix_Id__c: 'secret-customer-7' } },
        'lead-dup',
      ),
    );
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_PERMANENT', vendorCode: 'DUPLICATE_VALUE' });
    expect(visible(error)).not.toContain('secret-customer-7');
    expect(h.vendor.counters.get('records_created')).toBe(0);
  });

  it('refuses an upsert whose external id matches several records (300)', async () => {
    h.vendor.seedRecord('Lead', { ...lead('A'), Legacy_Id__c: 'L-1' });
    h.vendor.seedRecord('Lead', { ...lead('B'), Legacy_Id__c: 'L-1' });
    const error = await h.rejection(() =>
      h.call('upsert_by_external_id', {
        sobject: 'Lead',
        external_id_field: 'Legacy_Id__c',
        external_id_value: 'L-1',
        fields: { Status: 'x' },
      }),
    );
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_PERMANENT', vendorStatus: 300 });
    expect(restRequests(h.vendor)).toBe(1);
  });

  it('retries SERVER_UNAVAILABLE on a read', async () => {
    h.vendor.server.injectFault({
      route: 'salesforce.query',
      fault: { kind: 'status', status: 503 },
      times: 1,
    });
    const result = await h.call('query', { soql: 'SELECT Id FROM Lead' });
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
  });
});

describe('a 429 from an edge in front of Salesforce', () => {
  // A deadline long enough for the vendor's wait (timeouts and deadlines are scaled by 0.1).
  const harness = useSalesforceHarness({ manifest: loadManifest({ deadline_ms: 600_000 }) });

  it("honours a 429's Retry-After, even for a create (Salesforce did not act)", async () => {
    const h = harness();
    h.vendor.server.injectFault({
      route: 'salesforce.sobject.create',
      fault: { kind: 'rate_limit', retryAfterSeconds: 3 },
      times: 1,
    });
    const result = await h.call('create_record', { sobject: 'Lead', fields: lead() }, 'lead-429');
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
    expect(h.clock.sleeps).toEqual([3000]);
    expect(h.vendor.counters.get('records_created')).toBe(1);
  });
});

describe('an org past its daily API request limit (403 REQUEST_LIMIT_EXCEEDED)', () => {
  const harness = useSalesforceHarness({ simulator: { apiDailyLimit: 2 } });

  it('is rate limited, not auth: no token refresh, a create retried and never left unknown', async () => {
    const h = harness();
    await h.call('query', { soql: 'SELECT Id FROM Lead' });
    await h.call('query', { soql: 'SELECT Id FROM Lead' });
    const error = await h.rejection(() =>
      h.call('create_record', { sobject: 'Lead', fields: lead() }, 'lead-limit'),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_RATE_LIMITED',
      kind: 'rate_limited',
      vendorCode: 'REQUEST_LIMIT_EXCEEDED',
      vendorStatus: 403,
      mayHaveReachedVendor: false,
    });
    expect(h.vendor.counters.get('tokens_issued')).toBe(1);
    expect(h.vendor.requestsTo('salesforce.sobject.create')).toHaveLength(3);
    expect(h.vendor.counters.get('records_created') ?? 0).toBe(0);
    expect(await h.runtime.unknownOutcomes.list(h.tenant)).toHaveLength(0);
    const metrics = await h.runtime.metrics.registry.metrics();
    expect(metrics).toContain(
      'salesforce_api_requests_limit{tenant="acme",connector="salesforce",limit="api-usage"} 2',
    );
    expect(await h.runtime.probe(h.tenant, 'salesforce')).toMatchObject({
      status: 'degraded',
      detail: 'limits read failed: DLX_E_VENDOR_RATE_LIMITED',
    });
  });
});

describe('the Salesforce error table', () => {
  const answered = (status: number, body: unknown) =>
    new DlxError(status >= 500 ? 'DLX_E_VENDOR_TRANSIENT' : 'DLX_E_VENDOR_PERMANENT', 'x', {
      vendorStatus: status,
      mayHaveReachedVendor: true,
      response: { status, headers: {}, body },
    });
  const mapped = (error: DlxError) => {
    const result = mapVendorError(error, SALESFORCE_ERRORS);
    if (!isDlxError(result)) throw new Error('expected a DlxError');
    return result;
  };

  it.each([
    [401, 'INVALID_SESSION_ID', 'DLX_E_VENDOR_AUTH', false],
    [403, 'REQUEST_LIMIT_EXCEEDED', 'DLX_E_VENDOR_RATE_LIMITED', true],
    [429, 'REQUEST_LIMIT_EXCEEDED', 'DLX_E_VENDOR_RATE_LIMITED', true],
    [503, 'SERVER_UNAVAILABLE', 'DLX_E_VENDOR_TRANSIENT', true],
    [400, 'UNABLE_TO_LOCK_ROW', 'DLX_E_VENDOR_TRANSIENT', true],
    [403, 'INSUFFICIENT_ACCESS_OR_READONLY', 'DLX_E_VENDOR_PERMANENT', false],
    [400, 'MALFORMED_QUERY', 'DLX_E_VENDOR_PERMANENT', false],
    [400, 'REQUIRED_FIELD_MISSING', 'DLX_E_VENDOR_PERMANENT', false],
    [404, 'ENTITY_IS_DELETED', 'DLX_E_VENDOR_PERMANENT', false],
    [400, 'DUPLICATE_VALUE', 'DLX_E_VENDOR_PERMANENT', false],
    [400, 'INVALID_QUERY_LOCATOR', 'DLX_E_VENDOR_PERMANENT', false],
  ] as const)('maps %i %s to %s', (status, code, expected: ErrorCode, retryable) => {
    const error = mapped(answered(status, [{ message: 'm', errorCode: code }]));
    expect(error).toMatchObject({ code: expected, vendorCode: code, retryable });
    expect(error.details).toMatchObject({ salesforce_code: code });
    // Only a documented refusal says Salesforce did not act.
    expect(error.mayHaveReachedVendor).toBe(code !== 'REQUEST_LIMIT_EXCEEDED');
  });

  it.each(['invalid_client', 'invalid_grant', 'invalid_client_id', 'unsupported_grant_type'])(
    'maps the token endpoint refusal %s to auth',
    (oauthError) => {
      const error = mapped(answered(400, { error: oauthError, error_description: 'd' }));
      expect(error).toMatchObject({
        code: 'DLX_E_VENDOR_AUTH',
        vendorCode: oauthError,
        details: expect.objectContaining({ oauth_error: oauthError }),
      });
    },
  );

  it('names every field and code of an answer with several errors', () => {
    const error = mapped(
      answered(400, [
        { message: 'a', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Company', 'LastName'] },
        { message: 'b', errorCode: 'STRING_TOO_LONG', fields: ['Company'] },
      ]),
    );
    expect(error.details).toMatchObject({
      salesforce_code: 'REQUIRED_FIELD_MISSING',
      salesforce_codes: 'REQUIRED_FIELD_MISSING, STRING_TOO_LONG',
      fields: 'Company, LastName',
    });
  });

  it("leaves an answer that is not Salesforce's to core's mapping by status", () => {
    const gateway = answered(502, '<html>bad gateway</html>');
    expect(mapped(gateway)).toBe(gateway);
    const unknown = answered(500, [{ message: 'x', errorCode: 'UNKNOWN_EXCEPTION' }]);
    expect(mapped(unknown)).toMatchObject({
      code: 'DLX_E_VENDOR_TRANSIENT',
      vendorCode: 'UNKNOWN_EXCEPTION',
    });
  });
});
