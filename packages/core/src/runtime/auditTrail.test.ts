import {
  LEDGER_SECRET,
  rejectionOf,
  startHarness,
  type Harness,
} from './__fixtures__/runtimeHarness';
import type { MemoryAuditStore } from '../stores/memory';

describe('audit trail', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  it('records every call with tenant, actor, version, outcome, attempt and a redacted payload', async () => {
    h.vendor.script('/charges', { status: 500 });
    await h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'z' },
      actor: 'ops',
      correlationId: 'corr-1',
    });
    await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'create_charge', {
        input: { amount: 3, customer_email: 'lee@example.com' },
        actor: 'ops',
        idempotencyKey: 'charge-3',
      }),
    );
    const records = await h.stores.audit.list({ tenant: 'acme' });
    expect(records.map((r) => [r.event, r.outcome])).toEqual([
      ['balance_read', 'success'],
      ['charge_failed', 'failure'],
    ]);
    expect(records[0]).toMatchObject({
      tenant: 'acme',
      actor: 'ops',
      connector_key: 'ledger',
      connector_version: '1.2.3',
      operation: 'get_balance',
      correlation_id: 'corr-1',
      attempt: 1,
    });
    expect(records[0]!.payload_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(records[1]).toMatchObject({ error_code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN', attempt: 1 });
    expect(JSON.stringify(records[1]!.payload)).not.toContain('lee@example.com');
    expect(JSON.stringify(records[1]!.payload)).toContain('[personal]');
    expect(await h.everythingVisible()).not.toContain(LEDGER_SECRET);
  });

  it('acknowledges a call only after its audit record is stored', async () => {
    const result = await h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'ack' },
      actor: 'ops',
    });
    const records = await h.stores.audit.list();
    expect(result.status).toBe('ok');
    expect(records.at(-1)).toMatchObject({
      event: 'balance_read',
      correlation_id: result.correlation_id,
    });
  });

  it('finds a tampered record with verify()', async () => {
    for (const a of ['t1', 't2', 't3']) {
      await h.runtime.execute('acme', 'ledger', 'get_balance', {
        input: { account: a },
        actor: 'ops',
      });
    }
    expect(await h.stores.audit.verify()).toMatchObject({ ok: true, count: 3 });
    const store = h.stores.audit as MemoryAuditStore;
    const records = store.exportRecords();
    records[1] = { ...records[1]!, actor: 'mallory' };
    store.importRecords(records);
    expect(await store.verify()).toMatchObject({ ok: false, first_bad_seq: 2 });
  });

  it('updates sync state for the board: last success, last attempt, last error', async () => {
    h.vendor.script('/balance/e', { status: 404 });
    await h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'fine' },
      actor: 'ops',
    });
    await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'get_balance', { input: { account: 'e' }, actor: 'ops' }),
    );
    const [row] = await h.runtime.boardFor('acme');
    expect(row).toMatchObject({
      connector_key: 'ledger',
      registered: true,
      display_name_ar: 'دفتر الحسابات',
    });
    expect(row!.last_success_at).not.toBeNull();
    expect(row!.last_attempt_at).not.toBeNull();
    expect(row!.last_error).toMatchObject({ code: 'DLX_E_VENDOR_PERMANENT' });
  });
});
