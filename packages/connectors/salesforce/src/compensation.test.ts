import { hasErrorCode, type CallResult } from '@dealix/connector-core';
import { lead, outputOf, useSalesforceHarness } from './__fixtures__/salesforceHarness';

const create = { sobject: 'Lead', fields: lead() };

describe('compensating create_record with delete_record', () => {
  const harness = useSalesforceHarness();

  /** Compensates the create made under `key`: approval first (a delete needs one), then the run. */
  async function compensate(h: ReturnType<typeof harness>, key: string): Promise<CallResult> {
    const request = { input: create, actor: 'crm-agent', idempotencyKey: key };
    const asked = await h.runtime.compensate(h.tenant, 'salesforce', 'create_record', request);
    if (asked.status !== 'approval_required') return asked;
    await h.runtime.approvals.grant(h.tenant, asked.approval_id, 'sales-ops-lead');
    return h.runtime.compensate(h.tenant, 'salesforce', 'create_record', {
      ...request,
      approvalId: asked.approval_id,
    });
  }

  it('deletes the record the create made, once, after approval', async () => {
    const h = harness();
    const created = outputOf<{ id: string }>(await h.call('create_record', create, 'lead-1'));
    const undone = await compensate(h, 'lead-1');
    expect(outputOf(undone)).toEqual({
      id: created.id,
      sobject: 'Lead',
      deleted: true,
      already_deleted: false,
    });
    expect(h.vendor.records('Lead')).toHaveLength(0);
    // Compensating again replays the first reversal: Salesforce sees one delete.
    expect(await compensate(h, 'lead-1')).toMatchObject({ replayed: true });
    expect(h.vendor.requestsTo('salesforce.sobject.delete')).toHaveLength(1);
    expect(h.vendor.counters.get('records_deleted')).toBe(1);
  });

  it('still succeeds when the delete answer is lost and the re-send finds the record deleted', async () => {
    const h = harness();
    await h.call('create_record', create, 'lead-2');
    h.vendor.server.injectFault({
      route: 'salesforce.sobject.delete',
      fault: { kind: 'reset_after_processing' },
      times: 1,
    });
    const undone = await compensate(h, 'lead-2');
    expect(undone).toMatchObject({ status: 'ok', attempts: 2 });
    expect(outputOf(undone)).toMatchObject({ deleted: true, already_deleted: true });
    expect(h.vendor.counters.get('records_deleted')).toBe(1);
  });

  it('refuses to compensate a create that never completed', async () => {
    const h = harness();
    const error = await h.rejection(() =>
      h.runtime.compensate(h.tenant, 'salesforce', 'create_record', {
        input: create,
        actor: 'crm-agent',
        idempotencyKey: 'never-ran',
      }),
    );
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_NO_COMPENSATION')).toBe(true);
    expect(h.vendor.server.requests).toHaveLength(0);
  });
});

describe('a create whose answer never came', () => {
  // Attempts of 1 s (20 s scaled by 0.05): short, yet long enough on a busy CI machine for a
  // held request to reach the simulator before its attempt gives up.
  const harness = useSalesforceHarness({ timeoutScale: 0.05 });

  it('is an unknown outcome after the connection dropped, never sent again', async () => {
    const h = harness();
    h.vendor.server.injectFault({
      route: 'salesforce.sobject.create',
      fault: { kind: 'reset_after_processing' },
      times: 1,
    });
    const error = await h.rejection(() => h.call('create_record', create, 'lead-lost'));
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_OUTCOME_UNKNOWN')).toBe(true);
    const again = await h.rejection(() => h.call('create_record', create, 'lead-lost'));
    expect(hasErrorCode(again, 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN')).toBe(true);
    expect(h.vendor.requestsTo('salesforce.sobject.create')).toHaveLength(1);
    expect(h.vendor.counters.get('records_created')).toBe(1);
    expect(await h.runtime.unknownOutcomes.list(h.tenant)).toHaveLength(1);
  });

  it('is an unknown outcome after the attempt timed out while Salesforce held it', async () => {
    const h = harness();
    // The attempt gives up after 1 s; Salesforce holds the create far longer (answers at 60 s).
    h.vendor.server.injectFault({
      route: 'salesforce.sobject.create',
      fault: { kind: 'delay', ms: 60_000 },
      times: 1,
    });
    const error = await h.rejection(() => h.call('create_record', create, 'lead-slow'));
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_OUTCOME_UNKNOWN')).toBe(true);
    expect(error).toMatchObject({
      details: expect.objectContaining({ cause_code: 'DLX_E_RUNTIME_TIMEOUT' }),
    });
    expect(h.vendor.requestsTo('salesforce.sobject.create')).toHaveLength(1);
  });
});
