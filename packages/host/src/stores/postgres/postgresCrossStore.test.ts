import { hasErrorCode } from '@dealix/connector-core';
import { auditEventFixture, rejectionOf } from '@dealix/connector-core/testing';
import { useTestPostgres } from '../../__fixtures__/postgres/testPostgres';
import type { PostgresStores } from './createPostgresStores';

// CrossStoreWrites on PostgreSQL: a call's success record and the result under its key commit
// in one transaction (the append's group transaction), or neither does: a crash between two
// commits left the success audited and its key an unknown outcome at restart.
const pg = useTestPostgres();
const T0 = 1_700_000_000_000;
const DAY = 86_400_000;
const SCOPE = { tenant: 'acme', connector: 'stripe', operation: 'create_payment' };

async function begin(stores: PostgresStores, key: string): Promise<void> {
  const started = await stores.idempotency.begin({
    scope: SCOPE,
    key,
    payload_digest: 'sha256:aa',
    idempotent: false,
    holder: { host_id: 'host-a', boot_id: 'boot-1' },
    now: T0,
    lease_ms: 30_000,
    ttl_ms: DAY,
  });
  expect(started.outcome).toBe('started');
}

function appendAndComplete(stores: PostgresStores, n: number, key: string, result: unknown) {
  return stores.crossStore.appendAndComplete(
    { ...auditEventFixture(n), idempotency_key: key },
    { scope: SCOPE, key, result },
  );
}

const stateOf = async (stores: PostgresStores, key: string) =>
  (await stores.idempotency.get(SCOPE, key, T0 + 1))?.state;

describe('PostgreSQL CrossStoreWrites.appendAndComplete', () => {
  it('writes the record and the key result together, seen by a second host', async () => {
    const schema = pg.newSchema();
    const stores = await pg.openStores({ schema });
    await begin(stores, 'order-1');
    const record = await appendAndComplete(stores, 1, 'order-1', { id: 'pay_1' });
    expect(record).toMatchObject({ seq: 1, idempotency_key: 'order-1' });

    const other = await pg.openStores({ schema });
    expect(await other.audit.verify()).toMatchObject({ ok: true, count: 1 });
    expect(await other.audit.list()).toEqual([record]);
    expect(await other.idempotency.get(SCOPE, 'order-1', T0 + 1)).toMatchObject({
      state: 'completed',
      result: { id: 'pay_1' },
    });
  });

  it('commits the calls of one turn as one group, with plain appends beside them', async () => {
    const stores = await pg.openStores();
    for (const key of ['k1', 'k2', 'k3']) await begin(stores, key);
    const before = await stores.audit.groupCommitStats();
    const records = await Promise.all([
      appendAndComplete(stores, 1, 'k1', { n: 1 }),
      stores.audit.append(auditEventFixture(2)),
      appendAndComplete(stores, 3, 'k2', { n: 2 }),
      appendAndComplete(stores, 4, 'k3', { n: 3 }),
      stores.audit.append(auditEventFixture(5)),
    ]);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    const after = await stores.audit.groupCommitStats();
    expect(after.transactions - before.transactions).toBe(1);
    expect(after.records - before.records).toBe(5);
    for (const [key, n] of [
      ['k1', 1],
      ['k2', 2],
      ['k3', 3],
    ] as const) {
      expect(await stores.idempotency.get(SCOPE, key, T0 + 1)).toMatchObject({
        state: 'completed',
        result: { n },
      });
    }
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 5 });
  });

  it('writes neither when the key result cannot be stored, and the rest of the turn lands', async () => {
    const stores = await pg.openStores();
    await begin(stores, 'bad');
    await begin(stores, 'good');
    // A BigInt has no JSON form: complete() refuses it the same way.
    const [refused, landed, plain] = await Promise.allSettled([
      appendAndComplete(stores, 1, 'bad', { amount: 10n }),
      appendAndComplete(stores, 2, 'good', { id: 'pay_2' }),
      stores.audit.append(auditEventFixture(3)),
    ]);
    expect(refused.status).toBe('rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({
      code: 'DLX_E_STORE_FAILURE',
      details: { store: 'idempotency', action: 'record a result' },
    });
    expect(landed).toMatchObject({ status: 'fulfilled', value: { seq: 1 } });
    expect(plain).toMatchObject({ status: 'fulfilled', value: { seq: 2 } });
    expect((await stores.audit.list()).map((r) => r.idempotency_key)).toEqual(['good', 'key-3']);
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 2 });
    expect(await stateOf(stores, 'bad')).toBe('in_progress');
    expect(await stateOf(stores, 'good')).toBe('completed');
    expect(await stores.audit.groupCommitStats()).toEqual({ transactions: 1, records: 2 });
  });

  it('rolls back to its savepoint a completion the database refuses, and the group commits', async () => {
    const schema = pg.newSchema();
    const stores = await pg.openStores({ schema });
    await begin(stores, 'refused');
    await begin(stores, 'after');
    // An SQL error aborts the transaction: only the savepoint lets the group's INSERT run.
    await pg.raw(schema, (client) =>
      client.query(
        'CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS ' +
          "$$ BEGIN RAISE EXCEPTION 'refused by the test trigger'; END $$; " +
          'CREATE TRIGGER refuse_key BEFORE UPDATE ON idempotency_records ' +
          "FOR EACH ROW WHEN (NEW.key = 'refused') EXECUTE FUNCTION refuse()",
      ),
    );
    const [refused, landed] = await Promise.allSettled([
      appendAndComplete(stores, 1, 'refused', { id: 'pay_1' }),
      appendAndComplete(stores, 2, 'after', { id: 'pay_2' }),
    ]);
    expect(refused.status).toBe('rejected');
    const error = (refused as PromiseRejectedResult).reason as Error;
    expect(hasErrorCode(error, 'DLX_E_STORE_FAILURE')).toBe(true);
    expect(error.message).toContain('refused by the test trigger');
    expect(landed).toMatchObject({ status: 'fulfilled', value: { seq: 1 } });
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 1 });
    expect(await stateOf(stores, 'refused')).toBe('in_progress');
    expect(await stateOf(stores, 'after')).toBe('completed');
  });

  it('undoes the key results when the audit insert fails after they ran', async () => {
    const schema = pg.newSchema();
    const stores = await pg.openStores({ schema });
    await begin(stores, 'order-8');
    await begin(stores, 'order-9');
    // The database itself refuses the group's INSERT (a trigger, from another connection):
    // the group fails after its riders ran, inside the same transaction.
    await pg.raw(schema, (client) =>
      client.query(
        'CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS ' +
          "$$ BEGIN RAISE EXCEPTION 'refused by the test trigger'; END $$; " +
          'CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log ' +
          'FOR EACH STATEMENT EXECUTE FUNCTION refuse()',
      ),
    );
    const results = await Promise.allSettled([
      appendAndComplete(stores, 1, 'order-8', { id: 'pay_8' }),
      appendAndComplete(stores, 2, 'order-9', { id: 'pay_9' }),
      stores.audit.append(auditEventFixture(3)),
    ]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason as Error;
      expect(hasErrorCode(error, 'DLX_E_STORE_FAILURE')).toBe(true);
      expect(error.message).toContain('refused by the test trigger');
    }
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 0 });
    expect(await stateOf(stores, 'order-8')).toBe('in_progress');
    expect(await stateOf(stores, 'order-9')).toBe('in_progress');

    // The store goes on: the same call written again lands whole.
    await pg.raw(schema, (client) => client.query('DROP TRIGGER refuse_audit ON audit_log'));
    expect(await appendAndComplete(stores, 1, 'order-9', { id: 'pay_9' })).toMatchObject({
      seq: 1,
    });
    expect(await stateOf(stores, 'order-9')).toBe('completed');
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 1 });
  });

  it('refuses an event append() refuses before anything is sent', async () => {
    const stores = await pg.openStores();
    await begin(stores, 'order-1');
    const error = await rejectionOf(
      stores.crossStore.appendAndComplete(
        { ...auditEventFixture(1), attempt: Number.NaN },
        { scope: SCOPE, key: 'order-1', result: { id: 'pay_1' } },
      ),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_INPUT_INVALID',
      details: { reason: 'audit_event_unstorable', fields: ['attempt'] },
    });
    expect(await stores.audit.count()).toBe(0);
    expect(await stateOf(stores, 'order-1')).toBe('in_progress');
    expect(await stores.audit.groupCommitStats()).toEqual({ transactions: 0, records: 0 });
  });

  it('appends even when the key has no record: as complete(), the completion does nothing', async () => {
    const stores = await pg.openStores();
    const record = await appendAndComplete(stores, 1, 'released', { id: 'pay_1' });
    expect(record).toMatchObject({ seq: 1, idempotency_key: 'released' });
    expect(await stores.idempotency.get(SCOPE, 'released', T0 + 1)).toBeUndefined();
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 1 });
  });
});
