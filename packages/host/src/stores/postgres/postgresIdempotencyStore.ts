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
  type IdempotencyStore,
  type KeyCompletion,
  type LeaseHolder,
  type OrphanedLeases,
  type RerunRequest,
  type ResolveRequest,
  type ResolveResult,
  type SerializedDlxError,
  type UnknownOutcomeQuery,
  type UnresolvedCount,
} from '@dealix/connector-core/stores';
import type pg from 'pg';
import {
  IDEMPOTENCY_COLUMNS,
  recordToRow,
  rowKeyOf,
  rowToRecord,
  type IdempotencyRow,
  type RowKey,
} from '../idempotencyRows';
import type { PostgresDatabase } from './postgresDatabase';
import { insertSql, valuesOf } from './postgresRows';

const COLUMNS = IDEMPOTENCY_COLUMNS.split(', ') as (keyof IdempotencyRow)[];
const KEY_COLUMNS = ['tenant', 'connector', 'operation', 'key'];
const WHERE_KEY = 'WHERE tenant = $1 AND connector = $2 AND operation = $3 AND key = $4';
const SELECT = `SELECT ${IDEMPOTENCY_COLUMNS} FROM idempotency_records`;
const INSERT_NEW = insertSql('idempotency_records', COLUMNS, { ignore: true });
const WRITE_ROW = insertSql('idempotency_records', COLUMNS, { upsertOn: KEY_COLUMNS });
const UNRESOLVED = "unknown_outcome_id IS NOT NULL AND state IN ('outcome_unknown', 'in_progress')";

type Client = pg.PoolClient;

/**
 * Idempotency records on PostgreSQL, shared by every host of the database and moved by core's
 * record transitions (the functions the memory and SQLite stores use). A new key is one
 * `INSERT ... ON CONFLICT DO NOTHING`: of two hosts beginning the same key at the same moment
 * exactly one inserts it. Every other read-modify-write locks the row (`SELECT ... FOR UPDATE`)
 * in its own transaction, so `rerun`, a settlement and a resolution each happen once, and a
 * lease that lapsed (its host died) is converted where any host reads it.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: PostgresDatabase) {}

  async begin(req: BeginRequest): Promise<BeginResult> {
    const started = startedRecord(req);
    const inserted = await this.db.query(
      'idempotency',
      'begin a key',
      INSERT_NEW,
      valuesOf(recordToRow(started), COLUMNS),
    );
    if (inserted.rowCount === 1) return { outcome: 'started', record: started };
    // The key exists (or existed): look at it under its row lock.
    return this.db.transaction('idempotency', 'begin a key', async (client) => {
      const existing = await this.readNow(client, rowKeyOf(req), req.now);
      if (existing !== undefined) return { outcome: 'existing', record: existing };
      // It was settled and expired (now deleted): this caller starts it anew.
      await client.query(WRITE_ROW, valuesOf(recordToRow(started), COLUMNS));
      return { outcome: 'started', record: started };
    });
  }

  rerun(req: RerunRequest): Promise<boolean> {
    return this.db.transaction('idempotency', 're-run an unknown outcome', async (client) => {
      const record = await this.readNow(client, rowKeyOf(req), req.now);
      if (record?.state !== 'outcome_unknown') return false;
      await write(client, rerunRecord(record, req));
      return true;
    });
  }

  async complete(scope: IdempotencyScope, key: string, result: unknown): Promise<void> {
    await this.settle(scope, key, 'record a result', (record) => completedRecord(record, result));
  }

  /**
   * complete() on `client`, inside a transaction the caller holds (the audit append's, for
   * appendAndComplete): the same record written, its errors coded as complete()'s.
   */
  async completeOn(client: Client, { scope, key, result }: KeyCompletion): Promise<void> {
    try {
      await settleOn(client, scope, key, (record) => completedRecord(record, result));
    } catch (error) {
      throw this.db.failure('idempotency', 'record a result', error);
    }
  }

  async fail(scope: IdempotencyScope, key: string, error: SerializedDlxError): Promise<void> {
    await this.settle(scope, key, 'record a failure', (record) => failedRecord(record, error));
  }

  async markUnknown(
    scope: IdempotencyScope,
    key: string,
    error: SerializedDlxError,
    now: number,
  ): Promise<string | undefined> {
    const record = await this.settle(scope, key, 'record an unknown outcome', (current) =>
      asUnknownOutcome(current, now, error),
    );
    return record?.unknown_outcome_id;
  }

  async markQueued(
    scope: IdempotencyScope,
    key: string,
    holder: LeaseHolder,
    queued: boolean,
  ): Promise<boolean> {
    // The rule of isHeldBy in SQL: only the holder's own in_progress record is marked.
    const changed = await this.db.changed(
      'idempotency',
      queued ? 'mark a call queued' : 'mark a call sent',
      `UPDATE idempotency_records SET queued = $5 ${WHERE_KEY} ` +
        "AND state = 'in_progress' AND holder_host_id = $6 AND holder_boot_id = $7",
      [...rowKeyOf({ scope, key }), queued ? 1 : 0, holder.host_id, holder.boot_id],
    );
    return changed === 1;
  }

  async release(scope: IdempotencyScope, key: string): Promise<void> {
    await this.db.query(
      'idempotency',
      'release a key',
      `DELETE FROM idempotency_records ${WHERE_KEY}`,
      rowKeyOf({ scope, key }),
    );
  }

  async get(
    scope: IdempotencyScope,
    key: string,
    now: number,
  ): Promise<IdempotencyRecord | undefined> {
    const rowKey = rowKeyOf({ scope, key });
    const { rows } = await this.db.query<IdempotencyRow>(
      'idempotency',
      'read a key',
      `${SELECT} ${WHERE_KEY}`,
      rowKey,
    );
    if (rows[0] === undefined) return undefined;
    const record = rowToRecord(rows[0]);
    // Most reads change nothing; one that would (expired, lapsed) does it under the row lock.
    if (!isIdempotencyRecordExpired(record, now) && applyLeaseExpiry(record, now) === record) {
      return record;
    }
    return this.db.transaction('idempotency', 'read a key', (client) =>
      this.readNow(client, rowKey, now),
    );
  }

  async listUnknownOutcomes(
    tenant: string,
    now: number,
    query: UnknownOutcomeQuery = {},
  ): Promise<IdempotencyRecord[]> {
    await this.convertLapsed(now);
    const { rows } = await this.db.query<IdempotencyRow>(
      'idempotency',
      'list unknown outcomes',
      `${SELECT} WHERE tenant = $1 AND unknown_outcome_id IS NOT NULL ORDER BY unknown_at, created_at, key`,
      [tenant],
    );
    return rows.map(rowToRecord).filter((record) => matchesUnknownOutcomeQuery(record, query));
  }

  async getUnknownOutcome(
    tenant: string,
    id: string,
    now: number,
  ): Promise<IdempotencyRecord | undefined> {
    const { rows } = await this.db.query<IdempotencyRow>(
      'idempotency',
      'read an unknown outcome',
      `${SELECT} WHERE tenant = $1 AND unknown_outcome_id = $2`,
      [tenant, id],
    );
    return rows[0] === undefined
      ? undefined
      : this.get(rowToRecord(rows[0]).scope, rows[0].key, now);
  }

  resolveUnknownOutcome(req: ResolveRequest): Promise<ResolveResult> {
    return this.db.transaction(
      'idempotency',
      'resolve an unknown outcome',
      async (client): Promise<ResolveResult> => {
        const { rows } = await client.query<IdempotencyRow>(
          `${SELECT} WHERE tenant = $1 AND unknown_outcome_id = $2 FOR UPDATE`,
          [req.tenant, req.unknown_outcome_id],
        );
        if (rows[0] === undefined) return { outcome: 'not_found' };
        const record = rowToRecord(rows[0]);
        if (record.state !== 'outcome_unknown') return { outcome: 'not_unknown', record };
        const resolved = resolvedRecord(record, req);
        await write(client, resolved);
        return { outcome: 'resolved', record: resolved };
      },
    );
  }

  async countUnresolvedUnknownOutcomes(now: number): Promise<UnresolvedCount[]> {
    await this.convertLapsed(now);
    const { rows } = await this.db.query<UnresolvedCount>(
      'idempotency',
      'count unknown outcomes',
      `SELECT tenant, connector, COUNT(*)::bigint AS count FROM idempotency_records WHERE ${UNRESOLVED} ` +
        'GROUP BY tenant, connector ORDER BY tenant, connector',
    );
    return rows;
  }

  convertOrphanedLeases(current: LeaseHolder, now: number): Promise<OrphanedLeases> {
    return this.db.transaction(
      'idempotency',
      'convert leases of an earlier start',
      async (client) => {
        const { rows } = await client.query<IdempotencyRow>(
          `${SELECT} WHERE state = 'in_progress' AND holder_host_id = $1 FOR UPDATE`,
          [current.host_id],
        );
        const found: OrphanedLeases = { unknown: 0, released: 0 };
        for (const row of rows) {
          const record = rowToRecord(row);
          const fate = orphanedLeaseFate(record, current, now);
          if (fate === undefined) continue;
          if (fate === 'release') {
            await client.query(`DELETE FROM idempotency_records ${WHERE_KEY}`, rowKeyOf(record));
            found.released++;
          } else {
            await write(client, fate);
            found.unknown++;
          }
        }
        return found;
      },
    );
  }

  async pruneExpired(now: number): Promise<number> {
    // In SQL for a bulk delete: the rule of isIdempotencyRecordExpired (settled, now > expires_at).
    return this.db.changed(
      'idempotency',
      'prune expired keys',
      "DELETE FROM idempotency_records WHERE state IN ('completed', 'failed') AND expires_at < $1",
      [now],
    );
  }

  /**
   * The live record at `now`, read under its row lock: an expired one is deleted, a lapsed
   * lease is written back as an unknown outcome.
   */
  private async readNow(
    client: Client,
    key: RowKey,
    now: number,
  ): Promise<IdempotencyRecord | undefined> {
    const { rows } = await client.query<IdempotencyRow>(`${SELECT} ${WHERE_KEY} FOR UPDATE`, key);
    if (rows[0] === undefined) return undefined;
    const record = rowToRecord(rows[0]);
    if (isIdempotencyRecordExpired(record, now)) {
      await client.query(`DELETE FROM idempotency_records ${WHERE_KEY}`, key);
      return undefined;
    }
    const current = applyLeaseExpiry(record, now);
    if (current !== record) await write(client, current);
    return current;
  }

  /** Leases that lapsed are unknown outcomes: written so lists and counts include them. */
  private async convertLapsed(now: number): Promise<void> {
    const { rows } = await this.db.query<IdempotencyRow>(
      'idempotency',
      'find lapsed leases',
      `${SELECT} WHERE state = 'in_progress' AND lease_expires_at < $1`,
      [now],
    );
    for (const row of rows) {
      await this.db.transaction('idempotency', 'convert a lapsed lease', (client) =>
        this.readNow(client, rowKeyOf(rowToRecord(row)), now),
      );
    }
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
  ): Promise<IdempotencyRecord | undefined> {
    return this.db.transaction('idempotency', action, (client) =>
      settleOn(client, scope, key, change),
    );
  }
}

/** settle()'s read-modify-write on a transaction's `client`: the row locked, `change` written. */
async function settleOn(
  client: Client,
  scope: IdempotencyScope,
  key: string,
  change: (record: IdempotencyRecord) => IdempotencyRecord,
): Promise<IdempotencyRecord | undefined> {
  const { rows } = await client.query<IdempotencyRow>(
    `${SELECT} ${WHERE_KEY} FOR UPDATE`,
    rowKeyOf({ scope, key }),
  );
  if (rows[0] === undefined) return undefined;
  const next = change(rowToRecord(rows[0]));
  await write(client, next);
  return next;
}

function write(client: Client, record: IdempotencyRecord): Promise<unknown> {
  return client.query(WRITE_ROW, valuesOf(recordToRow(record), COLUMNS));
}
