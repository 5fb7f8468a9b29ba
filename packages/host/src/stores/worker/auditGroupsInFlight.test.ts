import { hasErrorCode, type AuditRecord, type DlxError } from '@dealix/connector-core';
import { CONTRACT_AUDIT_KEY, auditEventFixture } from '@dealix/connector-core/testing';
import { readAuditFile, withSecondConnection } from '../__fixtures__/auditFileAccess';
import { useTempDatabases } from '../__fixtures__/tempDatabases';
import { openWorkerStores } from '../__fixtures__/workerStores';
import { createSqliteStores } from '../createSqliteStores';
import { SPLIT_APPENDS_FROM } from './batchesInFlight';

const temp = useTempDatabases();

/** `count` appends made in one turn, numbered from `from`: settled in call order. */
function appendAll(
  stores: { audit: { append(event: ReturnType<typeof auditEventFixture>): Promise<AuditRecord> } },
  from: number,
  count: number,
) {
  return Promise.allSettled(
    Array.from({ length: count }, (_, i) => stores.audit.append(auditEventFixture(from + i))),
  );
}

const acknowledged = (outcomes: PromiseSettledResult<AuditRecord>[]) =>
  outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));

describe('two audit groups in flight', () => {
  it('fails the calls of a group whose commit fails, lands the group in flight behind it on the last durable head, and chains on from there', async () => {
    const file = temp.file();
    const stores = await openWorkerStores(temp, file);
    const before = acknowledged(await appendAll(stores, 1, 2));
    // The first group of the next burst loses its whole transaction, as a failed COMMIT does.
    withSecondConnection(file, (raw) =>
      raw.exec(`CREATE TRIGGER lose_first_group BEFORE INSERT ON audit_log
                WHEN NEW.correlation_id = 'corr-10' BEGIN SELECT RAISE(ROLLBACK, 'disk on fire'); END`),
    );
    // 2 * SPLIT_APPENDS_FROM appends in one turn: two groups, both sent before either settles.
    const burst = await appendAll(stores, 3, 2 * SPLIT_APPENDS_FROM);
    const [first, second] = [burst.slice(0, SPLIT_APPENDS_FROM), burst.slice(SPLIT_APPENDS_FROM)];
    for (const outcome of first) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason as DlxError;
      expect(hasErrorCode(reason, 'DLX_E_STORE_FAILURE')).toBe(true);
    }
    // The second group was chained on the first's end; it lands on what is durable instead.
    const landed = acknowledged(second);
    expect(landed.map((r) => r.seq)).toEqual(
      Array.from({ length: SPLIT_APPENDS_FROM }, (_, i) => 3 + i),
    );
    expect(landed[0]!.prev_hash).toBe(before[1]!.hash);
    expect(landed[0]!.correlation_id).toBe(`corr-${3 + SPLIT_APPENDS_FROM}`);

    // Later groups (two in flight again) chain on from the head that landed.
    withSecondConnection(file, (raw) => raw.exec('DROP TRIGGER lose_first_group'));
    const later = acknowledged(await appendAll(stores, 1000, 3 * SPLIT_APPENDS_FROM));
    expect(later).toHaveLength(3 * SPLIT_APPENDS_FROM);
    expect(later[0]).toMatchObject({ seq: 3 + SPLIT_APPENDS_FROM, prev_hash: landed.at(-1)!.hash });
    later.forEach((record, i) => i > 0 && expect(record.prev_hash).toBe(later[i - 1]!.hash));

    // Exactly the acknowledged records are on disk, and the chain verifies.
    expect(readAuditFile(file)).toEqual([...before, ...landed, ...later]);
    expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 2 + 4 * 128 });
  });

  it('answers a read with every write acknowledged before it, while later groups wait their turn', async () => {
    const stores = await openWorkerStores(temp);
    // Three groups: two in flight, the third held until one of them settles.
    const appends = Array.from({ length: 2 * SPLIT_APPENDS_FROM + 40 }, (_, i) =>
      stores.audit.append(auditEventFixture(i + 1)),
    );
    await appends[SPLIT_APPENDS_FROM + 1];
    expect(await stores.audit.count()).toBeGreaterThanOrEqual(2 * SPLIT_APPENDS_FROM);
    const records = await Promise.all(appends);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    // Split: at least two commits (the held group may share the second one's transaction).
    const stats = await stores.audit.groupCommitStats();
    expect(stats.records).toBe(records.length);
    expect(stats.transactions).toBeGreaterThanOrEqual(2);
  });

  it('lets every call made before close() land, those waiting for the window included', async () => {
    const file = temp.file();
    const stores = await createSqliteStores(file, { auditKey: CONTRACT_AUDIT_KEY });
    // Five groups: two sent at once, three waiting on the host thread when close() is called.
    const appends = Array.from({ length: 5 * SPLIT_APPENDS_FROM }, (_, i) =>
      stores.audit.append(auditEventFixture(i + 1)),
    );
    const created = stores.approvals.list('acme');
    await stores.close();
    const records = await Promise.all(appends);
    await created;
    expect(readAuditFile(file)).toEqual(records);
  });

  it('loses no acknowledged record when the worker dies with two groups in flight', async () => {
    const file = temp.file();
    const stores = await createSqliteStores(file, {
      auditKey: CONTRACT_AUDIT_KEY,
      onWorkerFailure: () => undefined,
    });
    const acked: AuditRecord[] = [];
    const failures: unknown[] = [];
    let next = 1;
    let killed: Promise<number> | undefined;
    // 256 appenders, each appending again as soon as it is answered, as request handlers do.
    await Promise.all(
      Array.from({ length: 2 * SPLIT_APPENDS_FROM }, async () => {
        while (failures.length === 0) {
          try {
            acked.push(await stores.audit.append(auditEventFixture(next++)));
          } catch (error) {
            failures.push(error);
            return;
          }
          // Once a few groups committed, while the next two are in flight.
          if (acked.length >= 3 * SPLIT_APPENDS_FROM) killed ??= stores.worker.terminate();
        }
      }),
    );
    await killed;
    await stores.close();
    expect(failures.every((f) => (f as DlxError).details?.reason === 'store_worker_stopped')).toBe(
      true,
    );
    const onDisk = new Map(readAuditFile(file).map((r) => [r.seq, r.hash]));
    for (const record of acked) expect(onDisk.get(record.seq)).toBe(record.hash);
    const reopened = await openWorkerStores(temp, file);
    expect(await reopened.audit.verify()).toMatchObject({ ok: true, count: onDisk.size });
  });
});
