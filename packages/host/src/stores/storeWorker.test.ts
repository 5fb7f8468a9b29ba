import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { hasErrorCode, type DlxError } from '@dealix/connector-core';
import { CONTRACT_AUDIT_KEY, auditEventFixture, rejectionOf } from '@dealix/connector-core/testing';
import { pendingApproval } from './__fixtures__/approvalRecord';
import { withSecondConnection } from './__fixtures__/auditFileAccess';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openWorkerStores } from './__fixtures__/workerStores';
import { createSqliteStores } from './createSqliteStores';

const temp = useTempDatabases();
const T0 = 1_700_000_000_000;
const SCOPE = { tenant: 'acme', connector: 'stripe', operation: 'create_payment' };
const HOLDER = { host_id: 'host-a', boot_id: 'boot-1' };

const approval = (id: string) => pendingApproval(id, T0);

/** Holds the database's write lock from a second connection until released. */
function holdWriteLock(file: string): { release(): void } {
  const holder = new BetterSqlite3(file, { timeout: 10_000 });
  holder.exec('BEGIN IMMEDIATE');
  return {
    release() {
      holder.exec('COMMIT');
      holder.close();
    },
  };
}

describe('the store worker', () => {
  it('answers reads from what is committed while the writes of the same batch wait for the lock, and acknowledges those writes only once committed', async () => {
    const file = temp.file();
    const stores = await openWorkerStores(temp, file);
    await stores.approvals.create(approval('apr_1'));
    const lock = holdWriteLock(file);
    let created = false;
    const create = stores.approvals.create(approval('apr_2')).then(() => (created = true));
    const listed = await stores.approvals.list('acme');
    expect(listed.map((a) => a.id)).toEqual(['apr_1']);
    expect(created).toBe(false);
    lock.release();
    await create;
    // On disk for any other connection the moment it was acknowledged.
    expect(
      withSecondConnection(file, (raw) =>
        raw.prepare("SELECT id FROM approvals WHERE id = 'apr_2'").all(),
      ),
    ).toEqual([{ id: 'apr_2' }]);
  });

  it('refuses one call of a batch without taking the others down', async () => {
    const stores = await openWorkerStores(temp);
    await stores.approvals.create(approval('apr_1'));
    const [duplicate, fresh, appended] = await Promise.allSettled([
      stores.approvals.create(approval('apr_1')),
      stores.approvals.create(approval('apr_2')),
      stores.audit.append(auditEventFixture(1)),
    ]);
    expect(fresh.status).toBe('fulfilled');
    expect(appended).toMatchObject({ status: 'fulfilled', value: { seq: 1 } });
    const error = (duplicate as PromiseRejectedResult).reason as DlxError;
    // Across the thread boundary with its registry code and details, never its cause.
    expect(hasErrorCode(error, 'DLX_E_STORE_FAILURE')).toBe(true);
    expect(error.details).toMatchObject({ reason: 'duplicate_id', approval_id: 'apr_1' });
    expect(error.cause).toBeUndefined();
    expect((await stores.approvals.list('acme')).map((a) => a.id).sort()).toEqual([
      'apr_1',
      'apr_2',
    ]);
  });

  it('stores a value with no structured-clone form as its JSON form, as the store writes it', async () => {
    const stores = await openWorkerStores(temp);
    await stores.idempotency.begin({
      scope: SCOPE,
      key: 'order-1',
      payload_digest: 'sha256:aa',
      idempotent: false,
      holder: HOLDER,
      now: T0,
      lease_ms: 30_000,
      ttl_ms: 86_400_000,
    });
    await stores.idempotency.complete(SCOPE, 'order-1', { id: 'pay_1', toString: () => 'x' });
    expect((await stores.idempotency.get(SCOPE, 'order-1', T0))?.result).toEqual({ id: 'pay_1' });
  });

  it('fails to open with the coded error of the database (a schema newer than this host)', async () => {
    const file = temp.file();
    await (await openWorkerStores(temp, file)).close();
    withSecondConnection(file, (raw) =>
      raw
        .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(999, 'from_the_future', new Date().toISOString()),
    );
    const error = await rejectionOf(createSqliteStores(file, { auditKey: CONTRACT_AUDIT_KEY }));
    expect(hasErrorCode(error, 'DLX_E_STORE_FAILURE')).toBe(true);
    expect((error as DlxError).details).toMatchObject({ reason: 'schema_too_new', found: 999 });
  });

  it('fails every pending and later call with DLX_E_STORE_FAILURE when its thread dies, and says so once', async () => {
    const failures: DlxError[] = [];
    const stores = await createSqliteStores(temp.file(), {
      auditKey: CONTRACT_AUDIT_KEY,
      onWorkerFailure: (error) => failures.push(error),
    });
    const pending = [stores.audit.append(auditEventFixture(1)), stores.approvals.list('acme')];
    await stores.worker.terminate();
    const later = stores.syncState.list();
    for (const call of [...pending, later]) {
      const error = await rejectionOf(call);
      expect(hasErrorCode(error, 'DLX_E_STORE_FAILURE')).toBe(true);
      expect((error as DlxError).details).toMatchObject({ reason: 'store_worker_stopped' });
    }
    expect(failures.map((f) => f.code)).toEqual(['DLX_E_STORE_FAILURE']);
    await stores.close();
  });

  it('loads only core\u2019s light stores entry in its thread (not the loader, HTTP client or zod)', () => {
    const seen = new Set<string>();
    const coreImports = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, kind, from] of source.matchAll(/^import (type )?[^;]*? from '([^']+)';/gms)) {
        if (kind) continue;
        if (from!.startsWith('.')) visit(`${resolve(dirname(file), from!)}.ts`);
        else if (from!.startsWith('@dealix/')) coreImports.add(from!);
      }
    };
    visit(join(__dirname, 'worker', 'storeWorker.ts'));
    expect([...coreImports]).toEqual(['@dealix/connector-core/stores']);
    expect(seen.size).toBeGreaterThan(10);
  });
});
