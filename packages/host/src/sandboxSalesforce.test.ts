import { join } from 'node:path';
import type { SalesforceSimulator } from '@dealix/connector-testkit';
import { startHarness, type HostHarness } from './__fixtures__/hostHarness';

// Issue 13: the Salesforce connector through the host in sandbox mode, as a new user would
// drive it with the tokens the host prints.
const REPO_ROOT = join(__dirname, '..', '..', '..');
const OPERATIONS = '/api/v1/tenants/sandbox/connectors/salesforce/operations';
const lead = { LastName: 'Haddad', Company: 'Nakheel Trading', Email: 'sara@nakheel.test' };

describe('salesforce through the host in sandbox mode', () => {
  let h: HostHarness;
  let salesforce: SalesforceSimulator;
  let op: string;
  let ap: string;
  beforeAll(async () => {
    h = await startHarness({ rootDir: REPO_ROOT, env: { DLX_AUDIT_KEY: undefined } });
    salesforce = h.host.sandbox!.simulators.salesforce;
    op = h.host.sandboxTokens!.operator;
    ap = h.host.sandboxTokens!.approver;
  }, 60_000);
  afterAll(() => h?.stop());

  it('is ok on the board, creates, queries and compensates over the execute routes', async () => {
    const board = await h.call('GET', '/api/v1/connectors/governance?tenant=sandbox');
    const row = board.json.tenants[0].connectors.find(
      (c: { connector_key: string }) => c.connector_key === 'salesforce',
    );
    expect(row).toMatchObject({
      status: 'ok',
      registered: true,
      display_name: 'Salesforce CRM',
      approval_policy: 'per_operation',
      approval_required_operations: ['delete_record'],
    });

    // A create is not idempotent at Salesforce: without a key the host refuses it.
    const keyless = await h.call('POST', `${OPERATIONS}/create_record`, {
      token: op,
      body: { sobject: 'Lead', fields: lead },
    });
    expect([keyless.status, keyless.json.error.code]).toEqual([
      400,
      'DLX_E_IDEMPOTENCY_KEY_REQUIRED',
    ]);
    const created = await h.call('POST', `${OPERATIONS}/create_record`, {
      token: op,
      body: { sobject: 'Lead', fields: lead },
      headers: { 'idempotency-key': 'lead-1' },
    });
    expect(created.status).toBe(200);
    expect(created.json.output).toEqual({ id: expect.stringMatching(/^00Q/), sobject: 'Lead' });
    expect(salesforce.counters.get('records_created')).toBe(1);

    // The session expires at Salesforce: the next call refreshes it once and goes through.
    salesforce.expireTokens();
    const queried = await h.call('POST', `${OPERATIONS}/query`, {
      token: op,
      body: { soql: "SELECT Id, LastName FROM Lead WHERE Company = 'Nakheel Trading'" },
    });
    expect(queried.status).toBe(200);
    expect(queried.json.output).toMatchObject({
      total_size: 1,
      capped: false,
      records: [{ Id: created.json.output.id, LastName: 'Haddad' }],
    });
    expect(queried.json.attempts).toBe(1);
    expect(salesforce.counters.get('tokens_issued')).toBe(2);

    // Compensation deletes the record; deleting customer data needs a grant from an approver.
    const undo = `${OPERATIONS}/create_record/compensate`;
    const asked = await h.call('POST', undo, {
      token: op,
      body: { input: { sobject: 'Lead', fields: lead } },
      headers: { 'idempotency-key': 'lead-1' },
    });
    expect(asked.status).toBe(202);
    expect(salesforce.counters.get('records_deleted')).toBe(0);
    const grant = `/api/v1/tenants/sandbox/approvals/${asked.json.approval_id}/grant`;
    expect((await h.call('POST', grant, { token: ap })).status).toBe(200);
    const undone = await h.call('POST', `${undo}?approval_id=${asked.json.approval_id}`, {
      token: op,
      body: { input: { sobject: 'Lead', fields: lead } },
      headers: { 'idempotency-key': 'lead-1' },
    });
    expect(undone.status).toBe(200);
    expect(undone.json.output).toMatchObject({ deleted: true, already_deleted: false });
    expect(salesforce.records('Lead')).toHaveLength(0);

    // Salesforce's API usage is on /metrics, per tenant and connector.
    const metrics = await h.call('GET', '/metrics');
    expect(metrics.text).toMatch(
      /salesforce_api_requests_used\{tenant="sandbox",connector="salesforce",limit="api-usage"\} \d+/,
    );
    expect(metrics.text).toContain(
      'salesforce_api_requests_limit{tenant="sandbox",connector="salesforce",limit="api-usage"} 5000',
    );

    // The audit trail has every step, with the lead's personal fields masked.
    const audit = await h.host.stores.audit.list({ tenant: 'sandbox' });
    const steps = audit
      .filter((r) => r.connector_key === 'salesforce')
      .map((r) => `${r.event}:${r.actor}`);
    for (const step of [
      'call_refused:sandbox-operator',
      'record_created:sandbox-operator',
      'records_queried:sandbox-operator',
      'approval_requested:sandbox-operator',
      'approval_granted:sandbox-approver',
      'record_deleted:sandbox-operator',
    ]) {
      expect(steps).toContain(step);
    }
    expect(JSON.stringify(audit)).not.toContain('sara@nakheel.test');
  }, 60_000);
});
