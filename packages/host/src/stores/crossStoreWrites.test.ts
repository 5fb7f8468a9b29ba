import Database from 'better-sqlite3';
import { hasErrorCode } from '@dealix/connector-core';
import { rejectionOf } from '@dealix/connector-core/testing';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openWorkerStores } from './__fixtures__/workerStores';
import { crossStoreWritesContract } from './__fixtures__/crossStoreContract';
import { CROSS_SCOPE, CROSS_T0, appendAndComplete, beginKey } from './__fixtures__/crossStoreCalls';

// CrossStoreWrites on SQLite: a call's success record and the result under its key commit in
// one transaction, or neither does (a crash between two commits left the success audited and
// its key an unknown outcome at restart).

const temp = useTempDatabases();

crossStoreWritesContract(() => openWorkerStores(temp));

describe('SQLite CrossStoreWrites.appendAndComplete', () => {
  it('writes the record and the key result together, and both survive a restart', async () => {
    const file = temp.file();
    const first = await openWorkerStores(temp, file);
    await beginKey(first, 'order-1');
    const record = await appendAndComplete(first, 1, 'order-1', { id: 'pay_1' });
    expect(record).toMatchObject({ seq: 1, idempotency_key: 'order-1' });
    await first.close();

    const second = await openWorkerStores(temp, file);
    expect(await second.audit.verify()).toMatchObject({ ok: true, count: 1 });
    expect(await second.idempotency.get(CROSS_SCOPE, 'order-1', CROSS_T0 + 1)).toMatchObject({
      state: 'completed',
      result: { id: 'pay_1' },
    });
  });

  it('undoes the key result when the audit insert fails after it ran', async () => {
    const file = temp.file();
    const stores = await openWorkerStores(temp, file);
    await beginKey(stores, 'order-9');
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
    expect(await stores.idempotency.get(CROSS_SCOPE, 'order-9', CROSS_T0 + 1)).toMatchObject({
      state: 'in_progress',
    });
    // The store goes on: the same call written again lands whole.
    await appendAndComplete(stores, 1, 'order-9', { id: 'pay_9' });
    expect(await stores.idempotency.get(CROSS_SCOPE, 'order-9', CROSS_T0 + 1)).toMatchObject({
      state: 'completed',
    });
  });
});
