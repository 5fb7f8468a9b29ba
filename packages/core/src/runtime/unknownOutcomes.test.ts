import { type Harness, rejectionOf, useHarness } from './__fixtures__/runtimeHarness';

const DAY_MS = 24 * 3_600_000;

// Issue 9 item 3: an unknown outcome lapsed with its record's TTL (and the call could then be
// sent again); nobody could list or resolve it, and its records were never pruned.
describe('unknown outcomes a person resolves', () => {
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  const charge = { amount: 25, customer_email: 'pat@example.com' };
  const chargeWith = (key: string) =>
    h.runtime.execute('acme', 'ledger', 'create_charge', {
      input: charge,
      actor: 'ops',
      idempotencyKey: key,
    });

  /** A charge that reached the vendor with no answer (a 500 on a non-idempotent write). */
  async function unknownCharge(key: string): Promise<string> {
    h.vendor.script('/charges', { status: 500 });
    const error = await rejectionOf(h, () => chargeWith(key));
    const id = (error.details as { unknown_outcome_id?: string }).unknown_outcome_id;
    if (!id) throw new Error('expected an unknown_outcome_id');
    return id;
  }

  it('finds one by the id its error carried, unresolved and then resolved, only in its tenant', async () => {
    const id = await unknownCharge('order-9');
    expect(await h.runtime.unknownOutcomes.get('acme', id)).toMatchObject({
      id,
      tenant: 'acme',
      idempotency_key: 'order-9',
      status: 'unresolved',
      state: 'outcome_unknown',
      resolution: null,
    });
    await h.runtime.unknownOutcomes.resolve(
      'acme',
      id,
      { outcome: 'failed', note: 'no charge at the vendor' },
      'finance-pat',
    );
    expect(await h.runtime.unknownOutcomes.get('acme', id)).toMatchObject({
      id,
      status: 'resolved',
      state: 'failed',
      resolution: { outcome: 'failed', resolved_by: 'finance-pat' },
    });
    for (const [tenant, which] of [
      ['globex', id],
      ['acme', 'uo_000000000000000000000000'],
    ] as const) {
      expect(
        await rejectionOf(h, () => h.runtime.unknownOutcomes.get(tenant, which)),
      ).toMatchObject({
        code: 'DLX_E_IDEMPOTENCY_UNKNOWN_OUTCOME_NOT_FOUND',
        httpStatus: 404,
        message: `no unknown outcome "${which}" for tenant "${tenant}"`,
      });
    }
  });

  it('blocks the key past any TTL until a person resolves it succeeded; then replays that output', async () => {
    const id = await unknownCharge('order-1');
    h.clock.advance(3 * DAY_MS);
    expect(await rejectionOf(h, () => chargeWith('order-1'))).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN',
      details: { unknown_outcome_id: id },
    });
    expect(await h.runtime.unknownOutcomes.list('acme')).toMatchObject([
      {
        id,
        connector: 'ledger',
        operation: 'create_charge',
        idempotency_key: 'order-1',
        idempotent: false,
        status: 'unresolved',
        error: { code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN' },
        resolution: null,
      },
    ]);
    const resolved = await h.runtime.unknownOutcomes.resolve(
      'acme',
      id,
      {
        outcome: 'succeeded',
        output: { id: 'ch_seen' },
        note: 'charge ch_seen is in the dashboard',
      },
      'finance-pat',
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      state: 'completed',
      resolution: { outcome: 'succeeded', resolved_by: 'finance-pat' },
    });
    expect(await chargeWith('order-1')).toMatchObject({
      status: 'ok',
      output: { id: 'ch_seen' },
      replayed: true,
    });
    expect(h.vendor.count('/charges')).toBe(1);
    const audit = (await h.stores.audit.list()).find((r) => r.event === 'unknown_outcome_resolved');
    expect(audit).toMatchObject({
      actor: 'finance-pat',
      idempotency_key: 'order-1',
      payload: {
        unknown_outcome_id: id,
        outcome: 'succeeded',
        note: 'charge ch_seen is in the dashboard',
      },
    });
  });

  it('resolves as failed: the key answers that, and a new key may charge', async () => {
    const id = await unknownCharge('order-2');
    await h.runtime.unknownOutcomes.resolve(
      'acme',
      id,
      { outcome: 'failed', note: 'no charge at the vendor' },
      'finance-pat',
    );
    expect(await rejectionOf(h, () => chargeWith('order-2'))).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_RESOLVED_FAILED',
    });
    expect(await chargeWith('order-2b')).toMatchObject({ status: 'ok' });
    expect(h.vendor.count('/charges')).toBe(2);
  });

  it('refuses a second resolution, an unknown id, a missing note and an output off-schema', async () => {
    const id = await unknownCharge('order-3');
    const resolve = (req: { outcome: unknown; output?: unknown; note: unknown }, which = id) =>
      rejectionOf(h, () => h.runtime.unknownOutcomes.resolve('acme', which, req, 'pat'));
    expect(await resolve({ outcome: 'failed', note: ' ' })).toMatchObject({
      code: 'DLX_E_RUNTIME_INPUT_INVALID',
    });
    expect(await resolve({ outcome: 'maybe', note: 'x' })).toMatchObject({
      code: 'DLX_E_RUNTIME_INPUT_INVALID',
    });
    expect(await resolve({ outcome: 'succeeded', output: { id: 42 }, note: 'x' })).toMatchObject({
      code: 'DLX_E_RUNTIME_INPUT_INVALID',
      details: { issues: [{ path: 'id' }] },
    });
    expect(await resolve({ outcome: 'failed', note: 'x' }, 'uo_nope')).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_UNKNOWN_OUTCOME_NOT_FOUND',
      httpStatus: 404,
    });
    expect(
      await rejectionOf(h, () =>
        h.runtime.unknownOutcomes.resolve('globex', id, { outcome: 'failed', note: 'x' }, 'pat'),
      ),
    ).toMatchObject({ code: 'DLX_E_IDEMPOTENCY_UNKNOWN_OUTCOME_NOT_FOUND' });
    await h.runtime.unknownOutcomes.resolve('acme', id, { outcome: 'failed', note: 'gone' }, 'pat');
    expect(await resolve({ outcome: 'failed', note: 'again' })).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_ALREADY_RESOLVED',
      httpStatus: 409,
    });
  });

  it('counts unresolved outcomes in connector_unknown_outcomes and on the board', async () => {
    const id = await unknownCharge('order-4');
    await unknownCharge('order-5');
    expect((await h.runtime.boardFor('acme'))[0]).toMatchObject({ unknown_outcomes: 2 });
    const gauge = async () =>
      (await h.runtime.metrics.registry.getSingleMetric('connector_unknown_outcomes')!.get())
        .values;
    expect(await gauge()).toEqual([{ value: 2, labels: { tenant: 'acme', connector: 'ledger' } }]);
    await h.runtime.unknownOutcomes.resolve('acme', id, { outcome: 'failed', note: 'no' }, 'pat');
    expect((await h.runtime.boardFor('acme'))[0]).toMatchObject({ unknown_outcomes: 1 });
    expect(await gauge()).toEqual([{ value: 1, labels: { tenant: 'acme', connector: 'ledger' } }]);
  });

  it('prunes settled records past their retention and never an unresolved one', async () => {
    await unknownCharge('order-6');
    h.vendor.script('/charges', { body: { id: 'ch_7' } });
    await chargeWith('order-7');
    h.clock.advance(DAY_MS + 1);
    expect(await h.runtime.prune()).toMatchObject({ idempotency: 1 });
    expect(await rejectionOf(h, () => chargeWith('order-6'))).toMatchObject({
      code: 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN',
    });
    expect(await h.runtime.unknownOutcomes.list('acme')).toHaveLength(1);
  });
});
