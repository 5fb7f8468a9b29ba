import Database from 'better-sqlite3';
import { hasErrorCode } from '@dealix/connector-core';
import { auditEventFixture, rejectionOf } from '@dealix/connector-core/testing';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openWorkerStores } from './__fixtures__/workerStores';
import type { SqliteStores } from './createSqliteStores';

// CrossStoreWrites on SQLite: a call's success record and the result under its key commit in
// one transaction, or neither does (a crash between two commits left the success audited and
// its key an unknown outcome at restart).

const temp = useTempDatabases();
const T0 = 1_700_000_000_000;
const DAY = 86_400_000;
const SCOPE = { tenant: 'acme', connector: 'stripe', operation: 'create_payment' };

async function begin(stores: SqliteStores, key: string): Promise<void> {
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

function appendAndComplete(stores: SqliteStores, n: number, key: string, result: unknown) {
  return stores.crossStore.appendAndComplete(
    { ...auditEventFixture(n), idempotency_key: key },
    { scope: SCOPE, key, result },
  );
}

describe('SQLite CrossStoreWrites.appendAndComplete', () => {
  it('writes the record and the key result together, and both survive a restart', async () => {
    const file = temp.file();
    const first = await openWorkerStores(temp, file);
    await begin(first, 'order-1');
    const record = await appendAndComplete(first, 1, 'order-1', { id: 'pay_1' });
    expect(record).toMatchObject({ seq: 1, idempotency_key: 'order-1' });
    await first.close();

    const second = await openWorkerStores(temp, file);
    expect(await second.audit.verify()).toMatchObject({ ok: true, count: 1 });
    expect(await second.idempotency.get(SCOPE, 'order-1', T0 + 1)).toMatchObject({
      state: 'completed',
      result: { id: 'pay_1' },
    });
  });

  it('commits the calls of one turn as one group, with plain appends beside them', async () => {
    const stores = await openWorkerStores(temp);
    for (const key of ['k1', 'k2', 'k3']) await begin(stores, key);
    const before = await stores.audit.groupCommitStats();
    const records = await Promise.all([
      appendAndComplete(stores, 1, 'k1', { n: 1 }),
      stores.audit.append(auditEventFixture(2)),
      appendAndComplete(stores, 3, 'k2', { n: 2 }),
      appendAndComplete(stores, 4, 'k3', { n: 3 }),
    ]);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    const after = await stores.audit.groupCommitStats();
    expect(after.transactions - before.transactions).toBe(1);
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
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 4 });
  });

  it('writes neither when the key result is refused, and the rest of the turn still lands', async () => {
    const stores = await openWorkerStores(temp);
    await begin(stores, 'bad');
    await begin(stores, 'good');
    // A BigInt crosses to the worker (structured clone) but has no JSON form to store.
    const [refused, landed, plain] = await Promise.allSettled([
      appendAndComplete(stores, 1, 'bad', { amount: 10n }),
      appendAndComplete(stores, 2, 'good', { id: 'pay_2' }),
      stores.audit.append(auditEventFixture(3)),
    ]);
    expect(refused.status).toBe('rejected');
    expect(hasErrorCode((refused as PromiseRejectedResult).reason, 'DLX_E_STORE_FAILURE')).toBe(
      true,
    );
    expect(landed.status).toBe('fulfilled');
    expect(plain.status).toBe('fulfilled');
    const keys = (await stores.audit.list()).map((r) => r.idempotency_key);
    expect(keys).not.toContain('bad');
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 2 });
    expect(await stores.idempotency.get(SCOPE, 'bad', T0 + 1)).toMatchObject({
      state: 'in_progress',
    });
    expect(await stores.idempotency.get(SCOPE, 'good', T0 + 1)).toMatchObject({
      state: 'completed',
      result: { id: 'pay_2' },
    });
  });

  it('undoes the key result when the audit insert fails after it ran', async () => {
    const file = temp.file();
    const stores = await openWorkerStores(temp, file);
    await begin(stores, 'order-9');
    // The database itself refuses the insert (a trigger, from another connection): the
    // group fails after its riders ran, inside the same transaction.
    const other = new Database(file);
    other.exec(
      `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log
       BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END`,
    );
    const error = await rejectionOf(appendAndComplete(stores, 1, 'order-9', { id: 'pay_9' }));
    expect(hasErrorCode(error, 'DLX_E_STORE_FAILURE')).toBe(true);
    other.exec('DROP TRIGGER refuse_audit');
    other.close();
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 0 });
    expect(await stores.idempotency.get(SCOPE, 'order-9', T0 + 1)).toMatchObject({
      state: 'in_progress',
    });
    // The store goes on: the same call written again lands whole.
    await appendAndComplete(stores, 1, 'order-9', { id: 'pay_9' });
    expect(await stores.idempotency.get(SCOPE, 'order-9', T0 + 1)).toMatchObject({
      state: 'completed',
    });
  });
});
