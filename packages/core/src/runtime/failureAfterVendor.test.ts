import type { AuditEventInput } from '../stores/auditStore';
import type { GovernanceStores } from '../stores/stores';
import { type Harness, rejectionOf, startHarness } from './__fixtures__/runtimeHarness';
import { StoreFaults } from './__fixtures__/storeFaults';

// Issue 9 item 1: when run() resolved but a later step failed, the call was audited as both
// success and failure, the key was released and a repeat with the same key charged again.
describe('a failure after the vendor acted', () => {
  let h: Harness;
  let faults: StoreFaults;
  beforeEach(async () => {
    faults = new StoreFaults();
    h = await startHarness({ wrapStores: (stores) => faults.wrap(stores) });
  });
  afterEach(() => h.stop());
  const charge = { amount: 10, customer_email: 'pat@example.com' };
  const chargeWith = (key: string) =>
    h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: key,
    });
  const events = async () => (await h.stores.audit.list()).map((r) => r.event);
  const isEvent = (event: string) => (arg: unknown) => (arg as AuditEventInput).event === event;

  it.each([
    ['sync_state', () => faults.failNext('syncState', 'update')],
    ['audit', () => faults.failNext('audit', 'append', isEvent('charge_created'))],
    ['idempotency_record', () => faults.failNext('idempotency', 'complete')],
  ])(
    'keeps the key outcome_unknown when %s fails, and a repeat charges nothing',
    async (step, fail) => {
      h.vendor.script('/charges', { body: { id: 'ch_1' } }, { body: { id: 'ch_2' } });
      fail();
      const error = await rejectionOf(h, () => chargeWith('order-1'));
      expect(error).toMatchObject({
        code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
        details: {
          failed_step: step,
          after: 'vendor_succeeded',
          idempotency_key: 'order-1',
          unknown_outcome_id: expect.stringMatching(/^uo_/),
        },
      });
      const repeat = await rejectionOf(h, () => chargeWith('order-1'));
      expect(repeat).toMatchObject({ code: 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN', httpStatus: 409 });
      expect(h.vendor.count('/charges')).toBe(1);

      const trail = await events();
      expect(trail).not.toContain('charge_failed');
      const unknown = (await h.stores.audit.list()).find((r) => r.event === 'call_outcome_unknown');
      expect(unknown).toMatchObject({
        outcome: 'failure',
        error_code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
        idempotency_key: 'order-1',
        payload: {
          failed_step: step,
          after: 'vendor_succeeded',
          unknown_outcome_id: (error.details as Record<string, unknown>).unknown_outcome_id,
        },
      });
      const listed = await h.runtime.unknownOutcomes.list('acme');
      expect(listed).toMatchObject([{ idempotency_key: 'order-1', idempotent: false }]);
    },
  );

  // Outsider finding h4-F5: the answer said "nothing is sent again until it is resolved" for an
  // idempotent call a repeat does send again, and gave a null id without a word.
  it('tells a non-idempotent call to wait for a person, and says when no id could be recorded', async () => {
    h.vendor.script('/charges', { body: { id: 'ch_1' } }, { body: { id: 'ch_2' } });
    faults.failNext('syncState', 'update');
    const recorded = await rejectionOf(h, () => chargeWith('order-7'));
    expect(recorded.message).toMatch(
      /then updating the sync state failed \(DLX_E_STORE_FAILURE\); the key is kept as an unknown outcome: nothing is sent again under it until a person resolves it$/,
    );
    faults.failNext('syncState', 'update');
    faults.failNext('idempotency', 'markUnknown');
    const unrecorded = await rejectionOf(h, () => chargeWith('order-8'));
    expect(unrecorded.details).toMatchObject({ unknown_outcome_id: null });
    expect(unrecorded.message).toContain(
      'it could not be recorded now, so details.unknown_outcome_id is null',
    );
  });

  it('treats an accepted write whose answer does not parse as an unknown outcome', async () => {
    h.vendor.script('/charges', { body: { unexpected: true } });
    const error = await rejectionOf(h, () => chargeWith('order-2'));
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      details: {
        failed_step: 'output_parse',
        after: 'vendor_answered',
        cause_code: 'DLX_E_RUNTIME_OUTPUT_INVALID',
      },
    });
    expect(await rejectionOf(h, () => chargeWith('order-2'))).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN',
    });
    expect(h.vendor.count('/charges')).toBe(1);
  });

  it('runs an idempotent write again under the same vendor key and settles the record', async () => {
    h.vendor.script('/refunds', { body: { unexpected: true } }, { body: { id: 're_1' } });
    const refund = () =>
      h.runtime.execute('acme', 'ledger', 'refund_charge', {
        input: { charge_id: 'ch_1' },
        actor: 'ops',
        idempotencyKey: 'refund-1',
      });
    const error = await rejectionOf(h, refund);
    expect(error).toMatchObject({ code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN' });
    expect(error.message).toMatch(
      /repeat the call with the same key \(the vendor de-duplicates it\)/,
    );
    expect(await h.runtime.unknownOutcomes.list('acme')).toMatchObject([
      { idempotency_key: 'refund-1', idempotent: true, status: 'unresolved' },
    ]);
    expect(await refund()).toMatchObject({ status: 'ok', output: { id: 're_1' }, replayed: false });
    const sent = h.vendor.seen.filter((r) => r.path === '/refunds');
    expect(sent.map((r) => r.headers['idempotency-key'])).toEqual(['refund-1', 'refund-1']);
    expect(await h.runtime.unknownOutcomes.list('acme')).toEqual([]);
    expect(await h.runtime.unknownOutcomes.list('acme', 'resolved')).toMatchObject([
      { idempotency_key: 'refund-1', state: 'completed', resolution: null },
    ]);
    expect(await refund()).toMatchObject({ status: 'ok', replayed: true });
  });

  it('never releases a key whose attempt may have reached the vendor when an audit write fails', async () => {
    h.vendor.script('/refunds', { status: 500 }, { body: { id: 're_2' } });
    faults.failNext('audit', 'append', isEvent('attempt_failed'));
    const error = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'refund_charge', {
        input: { charge_id: 'ch_2' },
        actor: 'ops',
        idempotencyKey: 'refund-2',
      }),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      details: { failed_step: 'audit', after: 'vendor_may_have_acted' },
    });
    const record = await h.stores.idempotency.get(
      { tenant: 'acme', connector: 'ledger', operation: 'refund_charge' },
      'refund-2',
      h.clock.now(),
    );
    expect(record?.state).toBe('outcome_unknown');
  });
});

// Stores sharing one database offer CrossStoreWrites: a success's audit record and the result
// under its key go in one transaction (a crash between two commits left the success audited
// and the key an unknown outcome). These memory stores offer it, written one after the other,
// to see what the runtime asks of it.
describe('a success on stores that write the audit record and the key result together', () => {
  let h: Harness;
  let faults: StoreFaults;
  let joint: { calls: number; completes: number };
  beforeEach(async () => {
    faults = new StoreFaults();
    joint = { calls: 0, completes: 0 };
    h = await startHarness({
      wrapStores: (stores) => {
        const counted: GovernanceStores = {
          ...stores,
          idempotency: new Proxy(stores.idempotency, {
            get: (target, prop) => {
              if (prop === 'complete') joint.completes += 1;
              const value = (target as unknown as Record<string | symbol, unknown>)[prop];
              return typeof value === 'function' ? value.bind(target) : value;
            },
          }),
          crossStore: {
            appendAndComplete: async (event, completion) => {
              joint.calls += 1;
              const record = await stores.audit.append(event);
              await stores.idempotency.complete(
                completion.scope,
                completion.key,
                completion.result,
              );
              return record;
            },
          },
        };
        return faults.wrap(counted);
      },
    });
  });
  afterEach(() => h.stop());
  const chargeWith = (key: string) =>
    h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: { amount: 10, customer_email: 'pat@example.com' },
      actor: 'ops',
      idempotencyKey: key,
    });

  it('writes both through appendAndComplete, once, and replays the result under the key', async () => {
    h.vendor.script('/charges', { body: { id: 'ch_1' } });
    const first = await chargeWith('order-1');
    expect(first).toMatchObject({ status: 'ok', replayed: false, output: { id: 'ch_1' } });
    expect(joint).toEqual({ calls: 1, completes: 0 });
    const created = (await h.stores.audit.list()).filter((r) => r.event === 'charge_created');
    expect(created).toMatchObject([{ idempotency_key: 'order-1', outcome: 'success' }]);
    expect(await chargeWith('order-1')).toMatchObject({ replayed: true, output: { id: 'ch_1' } });
    expect(h.vendor.count('/charges')).toBe(1);
  });

  it('keeps the key unknown, with no success record, when the joint write fails; a waiting duplicate hears the same', async () => {
    h.vendor.script('/charges', { body: { id: 'ch_2' } });
    faults.failNext('crossStore', 'appendAndComplete');
    const [first, duplicate] = await Promise.allSettled([
      chargeWith('order-2'),
      chargeWith('order-2'),
    ]);
    for (const settled of [first, duplicate]) {
      expect(settled.status).toBe('rejected');
      h.caught((settled as PromiseRejectedResult).reason);
    }
    expect((first as PromiseRejectedResult).reason).toMatchObject({
      code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
      details: { failed_step: 'audit', after: 'vendor_succeeded', idempotency_key: 'order-2' },
    });
    expect((duplicate as PromiseRejectedResult).reason).toMatchObject({
      code: expect.stringMatching(/OUTCOME_UNKNOWN$/),
    });
    const events = (await h.stores.audit.list()).map((r) => r.event);
    expect(events).not.toContain('charge_created');
    expect(events).toContain('call_outcome_unknown');
    const record = await h.stores.idempotency.get(
      { tenant: 'acme', connector: 'ledger', operation: 'create_charge' },
      'order-2',
      h.clock.now(),
    );
    expect(record?.state).toBe('outcome_unknown');
    expect(h.vendor.count('/charges')).toBe(1);
  });
});
