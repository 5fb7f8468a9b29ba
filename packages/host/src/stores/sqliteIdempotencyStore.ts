import {
  applyLeaseExpiry,
  isIdempotencyRecordExpired,
  type BeginRequest,
  type BeginResult,
  type IdempotencyRecord,
  type IdempotencyScope,
  type IdempotencyState,
  type IdempotencyStore,
  type SerializedDlxError,
} from '@dealix/connector-core';
import type { Database, Statement } from 'better-sqlite3';
import { fromJsonColumn, toJsonColumn } from './jsonColumn';
import { withStoreFailure } from './storeFailure';

interface IdempotencyRow {
  tenant: string;
  connector: string;
  operation: string;
  key: string;
  payload_digest: string;
  state: IdempotencyState;
  result: string | null;
  error: string | null;
  created_at: number;
  lease_expires_at: number;
  expires_at: number;
}

type RowKey = [tenant: string, connector: string, operation: string, key: string];
const WHERE_KEY = 'WHERE tenant = ? AND connector = ? AND operation = ? AND key = ?';

/**
 * Idempotency records in SQLite, read with core's lease and expiry rules (the same functions
 * the memory store uses). `begin` is one IMMEDIATE transaction of INSERT ... ON CONFLICT DO
 * NOTHING and a SELECT, so exactly one caller gets `started`, across processes too.
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly selectRow: Statement<RowKey, IdempotencyRow>;
  private readonly insertRow: Statement<[IdempotencyRow]>;
  private readonly deleteRow: Statement<RowKey>;
  private readonly settleRow: Statement<
    [IdempotencyState, string | null, string | null, ...RowKey]
  >;
  private readonly pruneRows: Statement<[number]>;
  private readonly beginTransaction: (req: BeginRequest) => BeginResult;
  private readonly readTransaction: (key: RowKey, now: number) => IdempotencyRecord | undefined;

  constructor(db: Database) {
    this.selectRow = db.prepare<RowKey, IdempotencyRow>(
      `SELECT * FROM idempotency_records ${WHERE_KEY}`,
    );
    this.insertRow = db.prepare<[IdempotencyRow]>(
      'INSERT INTO idempotency_records (tenant, connector, operation, key, payload_digest, ' +
        'state, result, error, created_at, lease_expires_at, expires_at) VALUES (@tenant, ' +
        '@connector, @operation, @key, @payload_digest, @state, @result, @error, @created_at, ' +
        '@lease_expires_at, @expires_at) ON CONFLICT DO NOTHING',
    );
    this.deleteRow = db.prepare<RowKey>(`DELETE FROM idempotency_records ${WHERE_KEY}`);
    this.settleRow = db.prepare<[IdempotencyState, string | null, string | null, ...RowKey]>(
      `UPDATE idempotency_records SET state = ?, result = ?, error = ? ${WHERE_KEY}`,
    );
    // In SQL for a bulk delete: the same rule as isIdempotencyRecordExpired (now > expires_at).
    this.pruneRows = db.prepare<[number]>('DELETE FROM idempotency_records WHERE expires_at < ?');
    const begin = db.transaction((req: BeginRequest) => this.beginNow(req));
    this.beginTransaction = (req) => begin.immediate(req);
    const read = db.transaction((key: RowKey, now: number) => this.readNow(key, now));
    this.readTransaction = (key, now) => read.immediate(key, now);
  }

  async begin(req: BeginRequest): Promise<BeginResult> {
    return withStoreFailure('idempotency', 'begin a key', () => this.beginTransaction(req));
  }

  async complete(scope: IdempotencyScope, key: string, result: unknown): Promise<void> {
    withStoreFailure('idempotency', 'record a result', () => {
      this.settleRow.run('completed', toJsonColumn(result), null, ...rowKey(scope, key));
    });
  }

  async fail(scope: IdempotencyScope, key: string, error: SerializedDlxError): Promise<void> {
    this.settleWithError(scope, key, 'failed', error);
  }

  async markUnknown(
    scope: IdempotencyScope,
    key: string,
    error: SerializedDlxError,
  ): Promise<void> {
    this.settleWithError(scope, key, 'outcome_unknown', error);
  }

  async release(scope: IdempotencyScope, key: string): Promise<void> {
    withStoreFailure('idempotency', 'release a key', () => {
      this.deleteRow.run(...rowKey(scope, key));
    });
  }

  async get(
    scope: IdempotencyScope,
    key: string,
    now: number,
  ): Promise<IdempotencyRecord | undefined> {
    return withStoreFailure('idempotency', 'read a key', () =>
      this.readTransaction(rowKey(scope, key), now),
    );
  }

  /**
   * Deletes records past their expiry (reads already treat them as absent), so the table does
   * not grow without bound. Returns how many were removed.
   */
  async pruneExpired(now: number): Promise<number> {
    return withStoreFailure('idempotency', 'prune expired keys', () => this.pruneRows.run(now))
      .changes;
  }

  private beginNow(req: BeginRequest): BeginResult {
    const key = rowKey(req.scope, req.key);
    const existing = this.readNow(key, req.now);
    if (existing !== undefined) return { outcome: 'existing', record: existing };
    const row: IdempotencyRow = {
      tenant: req.scope.tenant,
      connector: req.scope.connector,
      operation: req.scope.operation,
      key: req.key,
      payload_digest: req.payload_digest,
      state: 'in_progress',
      result: null,
      error: null,
      created_at: req.now,
      lease_expires_at: req.now + req.lease_ms,
      expires_at: req.now + req.ttl_ms,
    };
    if (this.insertRow.run(row).changes === 1) {
      return { outcome: 'started', record: rowToRecord(row) };
    }
    // Unreachable while the IMMEDIATE transaction holds the write lock; kept so a conflict can
    // never be reported as `started`.
    const winner = this.readNow(key, req.now);
    if (winner === undefined) throw new Error('an idempotency record conflicted but is missing');
    return { outcome: 'existing', record: winner };
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
    if (current !== record) {
      this.settleRow.run(current.state, stored.result, toJsonColumn(current.error), ...key);
    }
    return current;
  }

  private settleWithError(
    scope: IdempotencyScope,
    key: string,
    state: 'failed' | 'outcome_unknown',
    error: SerializedDlxError,
  ): void {
    withStoreFailure('idempotency', `record ${state}`, () => {
      this.settleRow.run(state, null, toJsonColumn(error), ...rowKey(scope, key));
    });
  }
}

function rowKey(scope: IdempotencyScope, key: string): RowKey {
  return [scope.tenant, scope.connector, scope.operation, key];
}

function rowToRecord(row: IdempotencyRow): IdempotencyRecord {
  const record: IdempotencyRecord = {
    scope: { tenant: row.tenant, connector: row.connector, operation: row.operation },
    key: row.key,
    payload_digest: row.payload_digest,
    state: row.state,
    created_at: row.created_at,
    lease_expires_at: row.lease_expires_at,
    expires_at: row.expires_at,
  };
  if (row.result !== null) record.result = fromJsonColumn(row.result);
  if (row.error !== null) record.error = fromJsonColumn(row.error) as SerializedDlxError;
  return record;
}
