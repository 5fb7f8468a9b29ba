import { hasErrorCode } from '@dealix/connector-core';
import { auditEventFixture, rejectionOf } from '@dealix/connector-core/testing';
import { useTestPostgres } from '../../__fixtures__/postgres/testPostgres';
import { MAX_RIDERS_PER_GROUP } from './postgresAuditStore';
import { crossStoreWritesContract } from '../__fixtures__/crossStoreContract';
import {
  CROSS_SCOPE,
  CROSS_T0,
  appendAndComplete,
  beginKey,
  keyState,
} from '../__fixtures__/crossStoreCalls';

// CrossStoreWrites on PostgreSQL: a call's success record and the result under its key commit
// in one transaction (the append's group transaction), or neither does: a crash between two
// commits left the success audited and its key an unknown outcome at restart.
const pg = useTestPostgres();

crossStoreWritesContract(() => pg.openStores());

describe('PostgreSQL CrossStoreWrites.appendAndComplete', () => {
  it(`runs at most ${MAX_RIDERS_PER_GROUP} completions per group, so no group overflows the subtransaction cache`, async () => {
    const stores = await pg.openStores({ schema: pg.newSchema() });
    const keys = Array.from({ length: 150 }, (_, i) => `bulk-${i}`);
    for (const key of keys) await beginKey(stores, key);
    const before = await stores.audit.groupCommitStats();
    // One turn: 150 joint writes and 10 plain appends, submitted together.
    const written = await Promise.all([
      ...keys.map((key, i) => appendAndComplete(stores, i + 1, key, { id: `pay_${i}` })),
      ...Array.from({ length: 10 }, (_, i) => stores.audit.append(auditEventFixture(200 + i))),
    ]);
    const after = await stores.audit.groupCommitStats();
    // 150 completions: three groups (64, 64, 22), the plain appends riding along.
    expect(after.transactions - before.transactions).toBe(3);
    expect(after.records - before.records).toBe(160);
    expect(written.map((r) => r.seq)).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 160 });
    for (const key of [keys[0]!, keys[64]!, keys[149]!]) {
      expect(await keyState(stores, key)).toBe('completed');
    }
  });

  it('writes the record and the key result together, seen by a second host', async () => {
    const schema = pg.newSchema();
    const stores = await pg.openStores({ schema });
    await beginKey(stores, 'order-1');
    const record = await appendAndComplete(stores, 1, 'order-1', { id: 'pay_1' });
    expect(record).toMatchObject({ seq: 1, idempotency_key: 'order-1' });

    const other = await pg.openStores({ schema });
    expect(await other.audit.verify()).toMatchObject({ ok: true, count: 1 });
    expect(await other.audit.list()).toEqual([record]);
    expect(await other.idempotency.get(CROSS_SCOPE, 'order-1', CROSS_T0 + 1)).toMatchObject({
      state: 'completed',
      result: { id: 'pay_1' },
    });
  });

  it('rolls back to its savepoint a completion the database refuses, and the group commits', async () => {
    const schema = pg.newSchema();
    const stores = await pg.openStores({ schema });
    await beginKey(stores, 'refused');
    await beginKey(stores, 'after');
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
    expect(await keyState(stores, 'refused')).toBe('in_progress');
    expect(await keyState(stores, 'after')).toBe('completed');
  });

  it('undoes the key results when the audit insert fails after they ran', async () => {
    const schema = pg.newSchema();
    const stores = await pg.openStores({ schema });
    await beginKey(stores, 'order-8');
    await beginKey(stores, 'order-9');
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
    expect(await keyState(stores, 'order-8')).toBe('in_progress');
    expect(await keyState(stores, 'order-9')).toBe('in_progress');

    // The store goes on: the same call written again lands whole.
    await pg.raw(schema, (client) => client.query('DROP TRIGGER refuse_audit ON audit_log'));
    expect(await appendAndComplete(stores, 1, 'order-9', { id: 'pay_9' })).toMatchObject({
      seq: 1,
    });
    expect(await keyState(stores, 'order-9')).toBe('completed');
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 1 });
  });

  it('refuses an event append() refuses before anything is sent', async () => {
    const stores = await pg.openStores();
    await beginKey(stores, 'order-1');
    const error = await rejectionOf(
      stores.crossStore.appendAndComplete(
        { ...auditEventFixture(1), attempt: Number.NaN },
        { scope: CROSS_SCOPE, key: 'order-1', result: { id: 'pay_1' } },
      ),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_RUNTIME_INPUT_INVALID',
      details: { reason: 'audit_event_unstorable', fields: ['attempt'] },
    });
    expect(await stores.audit.count()).toBe(0);
    expect(await keyState(stores, 'order-1')).toBe('in_progress');
    expect(await stores.audit.groupCommitStats()).toEqual({ transactions: 0, records: 0 });
  });

  it('appends even when the key has no record: as complete(), the completion does nothing', async () => {
    const stores = await pg.openStores();
    const record = await appendAndComplete(stores, 1, 'released', { id: 'pay_1' });
    expect(record).toMatchObject({ seq: 1, idempotency_key: 'released' });
    expect(await stores.idempotency.get(CROSS_SCOPE, 'released', CROSS_T0 + 1)).toBeUndefined();
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 1 });
  });
});
