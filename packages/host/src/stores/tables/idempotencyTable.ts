import {
  applyLeaseExpiry,
  asUnknownOutcome,
  completedRecord,
  failedRecord,
  isIdempotencyRecordExpired,
  matchesUnknownOutcomeQuery,
  orphanedLeaseFate,
  rerunRecord,
  resolvedRecord,
  startedRecord,
  type BeginRequest,
  type BeginResult,
  type IdempotencyRecord,
  type IdempotencyScope,
  type LeaseHolder,
  type OrphanedLeases,
  type RerunRequest,
  type ResolveRequest,
  type ResolveResult,
  type SerializedDlxError,
  type UnknownOutcomeQuery,
  type UnresolvedCount,
} from '@dealix/connector-core/stores';
import type { Database, Statement } from 'better-sqlite3';
import {
  IDEMPOTENCY_COLUMNS,
  WRITE_IDEMPOTENCY_ROW,
  recordToRow,
  rowKeyOf,
  rowToRecord,
  type IdempotencyRow,
  type RowKey,
} from '../idempotencyRows';
import { withStoreFailure } from '../storeFailure';

const WHERE_KEY = 'WHERE tenant = ? AND connector = ? AND operation = ? AND key = ?';
const UNRESOLVED = "unknown_outcome_id IS NOT NULL AND state IN ('outcome_unknown', 'in_progress')";

/**
 * Idempotency records in SQLite, moved between states by core's record transitions and read
 * with core's lease and expiry rules (the same functions the memory store uses). Every
 * read-modify-write is one IMMEDIATE transaction (a savepoint inside the store worker's batch
 * transaction), so `begin`, `rerun` and a resolution each succeed for exactly one caller,
 * across processes too. Synchronous: it runs in the store worker, next to its connection.
 */
export class SqliteIdempotencyTable {
  private readonly selectRow: Statement<RowKey, IdempotencyRow>;
  private readonly writeRow: Statement<[IdempotencyRow]>;
  private readonly deleteRow: Statement<RowKey>;
  private readonly setQueued: Statement<[number, ...RowKey, string, string]>;
  private readonly selectUnknownById: Statement<[string, string], IdempotencyRow>;
  private readonly selectUnknownOfTenant: Statement<[string], IdempotencyRow>;
  private readonly selectInProgress: Statement<[string], IdempotencyRow>;
  private readonly selectLapsed: Statement<[number], IdempotencyRow>;
  private readonly countUnresolved: Statement<[], UnresolvedCount>;
  private readonly pruneRows: Statement<[number]>;
  private readonly immediate: <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => R;
  /** The two transactions of every write call, made once. */
  private readonly beginTransaction: (req: BeginRequest) => BeginResult;
  private readonly settleTransaction: (
    key: RowKey,
    change: (record: IdempotencyRecord) => IdempotencyRecord,
  ) => IdempotencyRecord | undefined;

  constructor(db: Database) {
    this.selectRow = db.prepare<RowKey, IdempotencyRow>(
      `SELECT ${IDEMPOTENCY_COLUMNS} FROM idempotency_records ${WHERE_KEY}`,
    );
    this.writeRow = db.prepare<[IdempotencyRow]>(WRITE_IDEMPOTENCY_ROW);
    this.deleteRow = db.prepare<RowKey>(`DELETE FROM idempotency_records ${WHERE_KEY}`);
    // The rule of isHeldBy in SQL: only the holder's own in_progress record is marked.
    this.setQueued = db.prepare<[number, ...RowKey, string, string]>(
      `UPDATE idempotency_records SET queued = ? ${WHERE_KEY} ` +
        "AND state = 'in_progress' AND holder_host_id = ? AND holder_boot_id = ?",
    );
    this.selectUnknownById = db.prepare<[string, string], IdempotencyRow>(
      `SELECT ${IDEMPOTENCY_COLUMNS} FROM idempotency_records WHERE tenant = ? AND unknown_outcome_id = ?`,
    );
    this.selectUnknownOfTenant = db.prepare<[string], IdempotencyRow>(
      `SELECT ${IDEMPOTENCY_COLUMNS} FROM idempotency_records ` +
        'WHERE tenant = ? AND unknown_outcome_id IS NOT NULL ORDER BY unknown_at, rowid',
    );
    this.selectInProgress = db.prepare<[string], IdempotencyRow>(
      `SELECT ${IDEMPOTENCY_COLUMNS} FROM idempotency_records ` +
        "WHERE state = 'in_progress' AND holder_host_id = ?",
    );
    this.selectLapsed = db.prepare<[number], IdempotencyRow>(
      `SELECT ${IDEMPOTENCY_COLUMNS} FROM idempotency_records ` +
        "WHERE state = 'in_progress' AND lease_expires_at < ?",
    );
    this.countUnresolved = db.prepare<[], UnresolvedCount>(
      `SELECT tenant, connector, COUNT(*) AS count FROM idempotency_records WHERE ${UNRESOLVED} ` +
        'GROUP BY tenant, connector ORDER BY tenant, connector',
    );
    // In SQL for a bulk delete: the rule of isIdempotencyRecordExpired (settled, now > expires_at).
    this.pruneRows = db.prepare<[number]>(
      "DELETE FROM idempotency_records WHERE state IN ('completed', 'failed') AND expires_at < ?",
    );
    // IMMEDIATE takes the write lock up front, so what a transaction read cannot go stale.
    this.immediate =
      <A extends unknown[], R>(fn: (...args: A) => R) =>
      (...args: A) =>
        db.transaction(fn).immediate(...args);
    const begin = db.transaction((req: BeginRequest): BeginResult => {
      const existing = this.readNow(rowKeyOf(req), req.now);
      if (existing !== undefined) return { outcome: 'existing', record: existing };
      const record = startedRecord(req);
      this.writeRow.run(recordToRow(record));
      return { outcome: 'started', record };
    });
    this.beginTransaction = (req) => begin.immediate(req);
    const settle = db.transaction(
      (key: RowKey, change: (record: IdempotencyRecord) => IdempotencyRecord) => {
        const stored = this.selectRow.get(...key);
        if (stored === undefined) return undefined;
        const next = change(rowToRecord(stored));
        this.writeRow.run(recordToRow(next));
        return next;
      },
    );
    this.settleTransaction = (key, change) => settle.immediate(key, change);
  }

  begin(req: BeginRequest): BeginResult {
    return withStoreFailure('idempotency', 'begin a key', () => this.beginTransaction(req));
  }

  rerun(req: RerunRequest): boolean {
    return withStoreFailure('idempotency', 're-run an unknown outcome', () =>
      this.immediate(() => {
        const record = this.readNow(rowKeyOf(req), req.now);
        if (record?.state !== 'outcome_unknown') return false;
        this.writeRow.run(recordToRow(rerunRecord(record, req)));
        return true;
      })(),
    );
  }

  complete(scope: IdempotencyScope, key: string, result: unknown): void {
    this.settle(scope, key, 'record a result', (record) => completedRecord(record, result));
  }

  fail(scope: IdempotencyScope, key: string, error: SerializedDlxError): void {
    this.settle(scope, key, 'record a failure', (record) => failedRecord(record, error));
  }

  markUnknown(
    scope: IdempotencyScope,
    key: string,
    error: SerializedDlxError,
    now: number,
  ): string | undefined {
    return this.settle(scope, key, 'record an unknown outcome', (record) =>
      asUnknownOutcome(record, now, error),
    )?.unknown_outcome_id;
  }

  markQueued(scope: IdempotencyScope, key: string, holder: LeaseHolder, queued: boolean): boolean {
    return withStoreFailure(
      'idempotency',
      queued ? 'mark a call queued' : 'mark a call sent',
      () =>
        this.setQueued.run(
          queued ? 1 : 0,
          ...rowKeyOf({ scope, key }),
          holder.host_id,
          holder.boot_id,
        ).changes === 1,
    );
  }

  release(scope: IdempotencyScope, key: string): void {
    withStoreFailure('idempotency', 'release a key', () => {
      this.deleteRow.run(...rowKeyOf({ scope, key }));
    });
  }

  get(scope: IdempotencyScope, key: string, now: number): IdempotencyRecord | undefined {
    return withStoreFailure('idempotency', 'read a key', () =>
      this.immediate(() => this.readNow(rowKeyOf({ scope, key }), now))(),
    );
  }

  listUnknownOutcomes(
    tenant: string,
    now: number,
    query: UnknownOutcomeQuery = {},
  ): IdempotencyRecord[] {
    return withStoreFailure('idempotency', 'list unknown outcomes', () =>
      this.immediate(() => {
        this.convertLapsed(now);
        return this.selectUnknownOfTenant
          .all(tenant)
          .map(rowToRecord)
          .filter((record) => matchesUnknownOutcomeQuery(record, query));
      })(),
    );
  }

  getUnknownOutcome(tenant: string, id: string, now: number): IdempotencyRecord | undefined {
    return withStoreFailure('idempotency', 'read an unknown outcome', () =>
      this.immediate(() => {
        const row = this.selectUnknownById.get(tenant, id);
        return row === undefined ? undefined : this.readNow(rowKeyOf(rowToRecord(row)), now);
      })(),
    );
  }

  resolveUnknownOutcome(req: ResolveRequest): ResolveResult {
    return withStoreFailure('idempotency', 'resolve an unknown outcome', () =>
      this.immediate((): ResolveResult => {
        const row = this.selectUnknownById.get(req.tenant, req.unknown_outcome_id);
        if (row === undefined) return { outcome: 'not_found' };
        const record = rowToRecord(row);
        if (record.state !== 'outcome_unknown') return { outcome: 'not_unknown', record };
        const resolved = resolvedRecord(record, req);
        this.writeRow.run(recordToRow(resolved));
        return { outcome: 'resolved', record: resolved };
      })(),
    );
  }

  countUnresolvedUnknownOutcomes(now: number): UnresolvedCount[] {
    return withStoreFailure('idempotency', 'count unknown outcomes', () =>
      this.immediate(() => {
        this.convertLapsed(now);
        return this.countUnresolved.all();
      })(),
    );
  }

  convertOrphanedLeases(current: LeaseHolder, now: number): OrphanedLeases {
    return withStoreFailure('idempotency', 'convert leases of an earlier start', () =>
      this.immediate(() => {
        const found: OrphanedLeases = { unknown: 0, released: 0 };
        for (const row of this.selectInProgress.all(current.host_id)) {
          const record = rowToRecord(row);
          const fate = orphanedLeaseFate(record, current, now);
          if (fate === undefined) continue;
          if (fate === 'release') {
            this.deleteRow.run(...rowKeyOf(record));
            found.released++;
          } else {
            this.writeRow.run(recordToRow(fate));
            found.unknown++;
          }
        }
        return found;
      })(),
    );
  }

  /** Deletes settled records past their expiry; never an unresolved one. */
  pruneExpired(now: number): number {
    return withStoreFailure('idempotency', 'prune expired keys', () => this.pruneRows.run(now))
      .changes;
  }

  /** The live record at `now`: an expired one is deleted, a lapsed lease is written back. */
  private readNow(key: RowKey, now: number): IdempotencyRecord | undefined {
    const stored = this.selectRow.get(...key);
    if (stored === undefined) return undefined;
    const record = rowToRecord(stored);
    if (isIdempotencyRecordExpired(record, now)) {
      this.deleteRow.run(...key);
      return undefined;
    }
    const current = applyLeaseExpiry(record, now);
    if (current !== record) this.writeRow.run(recordToRow(current));
    return current;
  }

  /** Leases that lapsed are unknown outcomes: written so lists and counts include them. */
  private convertLapsed(now: number): void {
    for (const row of this.selectLapsed.all(now)) this.readNow(rowKeyOf(rowToRecord(row)), now);
  }

  /**
   * Records the end of a call on whatever record holds the key, even one whose lease lapsed
   * meanwhile: a late but known outcome is better than outcome_unknown. A key that was released
   * or pruned stays absent; there is nothing to settle.
   */
  private settle(
    scope: IdempotencyScope,
    key: string,
    action: string,
    change: (record: IdempotencyRecord) => IdempotencyRecord,
  ): IdempotencyRecord | undefined {
    return withStoreFailure('idempotency', action, () =>
      this.settleTransaction(rowKeyOf({ scope, key }), change),
    );
  }
}
