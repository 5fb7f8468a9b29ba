import {
  AuditChainVerifier,
  EMPTY_AUDIT_HEAD,
  chainRecord,
  normalizeAuditEvent,
  type AuditChainFormat,
  type AuditChainKey,
  type AuditEventInput,
  type AuditHead,
  type AuditQuery,
  type AuditRecord,
  type AuditVerifyResult,
} from '@dealix/connector-core/stores';
import type pg from 'pg';
import {
  AUDIT_COLUMNS,
  auditKeyMissingToWrite,
  auditRecordToRow,
  auditRowToRecord,
  checkStorableAuditEvent,
  type AuditRow,
} from '../auditRows';
import type { HostAuditStore } from '../hostStores';
import type { GroupCommitStats } from '../tables/auditTable';
import { GroupWriter, ItemRefused } from './groupWriter';
import type { PostgresDatabase } from './postgresDatabase';

/** The most records one group writes (one INSERT of arrays, whatever the count). */
const MAX_GROUP = 500;
/**
 * The most riders (key completions) one group runs. Each runs in a savepoint, a subtransaction
 * of the group's; PostgreSQL caches 64 per transaction (PGPROC_MAX_CACHED_SUBXIDS), and past
 * that every snapshot taken meanwhile, on any connection, must look them up in pg_subtrans.
 * Fewer riders per group also bound how long a group holds the chain's lock.
 */
export const MAX_RIDERS_PER_GROUP = 64;
/** Rows read per round trip while verifying. */
const VERIFY_PAGE = 2_000;

const COLUMNS = AUDIT_COLUMNS.split(', ') as (keyof AuditRow)[];
const COLUMN_TYPES: Partial<Record<keyof AuditRow, string>> = {
  seq: 'bigint',
  attempt: 'float8',
  duration_ms: 'float8',
};
/** One INSERT for a whole group: one array per column, unnested into rows. */
const INSERT_GROUP =
  `INSERT INTO audit_log (${AUDIT_COLUMNS}) SELECT * FROM unnest(` +
  COLUMNS.map((column, i) => `$${i + 1}::${COLUMN_TYPES[column] ?? 'text'}[]`).join(', ') +
  ')';
const SELECT_HEAD = 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1';

/** Another store's write that commits with an append: run on the append's transaction. */
export type AuditRider = (client: pg.PoolClient) => Promise<unknown>;

interface GroupItem {
  event: AuditEventInput;
  rider: AuditRider | undefined;
}

/**
 * The hash chain on PostgreSQL, shared by every host of the database. Appends are serialised
 * across hosts: each group's transaction takes `LOCK TABLE audit_log IN EXCLUSIVE MODE` (readers
 * go on; a second writer waits), reads the head, chains its records with core's chainRecord
 * and inserts them. Within a host, appends queue while a group commits and go together as the
 * next group (group commit): one lock, one round trip of rows and one commit for all of them.
 * An append resolves only after its group's COMMIT. Keyed from the first record: a PostgreSQL
 * database has no records from before the keyed chain. An append may carry a rider (another
 * store's write, see appendWith) that commits in its group's transaction or not at all.
 */
export class PostgresAuditStore implements HostAuditStore {
  private readonly format: AuditChainFormat;
  private readonly groups: GroupWriter<GroupItem, AuditRecord>;

  constructor(
    private readonly db: PostgresDatabase,
    key: AuditChainKey | undefined,
  ) {
    this.format = key === undefined ? { keyedFromSeq: 1 } : { keyedFromSeq: 1, key };
    this.groups = new GroupWriter((items) => this.writeGroup(items), MAX_GROUP, {
      counts: (item) => item.rider !== undefined,
      max: MAX_RIDERS_PER_GROUP,
    });
  }

  append(event: AuditEventInput): Promise<AuditRecord> {
    return this.appendWith(event, undefined);
  }

  /**
   * append(), with `rider` run in the same transaction before the group's records go in: both
   * commit or neither does. A rider that throws is rolled back to its savepoint and its event
   * left out; that append alone rejects with the rider's error, the rest of its group goes on.
   */
  appendWith(event: AuditEventInput, rider: AuditRider | undefined): Promise<AuditRecord> {
    let normalized: AuditEventInput;
    try {
      normalized = normalizeAuditEvent(event);
      checkStorableAuditEvent(normalized);
      if (this.format.key === undefined) throw auditKeyMissingToWrite();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.groups.submit({ event: normalized, rider });
  }

  /** Resolves once every append made so far has committed or failed. */
  flushed(): Promise<void> {
    return this.groups.flushed();
  }

  async list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const after = query.after === undefined || Number.isNaN(query.after) ? 0 : query.after;
    const limit = sqlLimit(query.limit);
    const { rows } = await this.db.query<AuditRow>(
      'audit',
      'list records',
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 AND ($2::text IS NULL OR tenant = $2) ` +
        'ORDER BY seq LIMIT $3',
      [after, query.tenant ?? null, limit],
    );
    return rows.map(auditRowToRecord);
  }

  /**
   * Re-computes every hash and link, page by page in one read-only snapshot, and names the
   * first record that does not match, as the SQLite store does.
   */
  verify(): Promise<AuditVerifyResult> {
    return this.db.transaction(
      'audit',
      'verify the chain',
      async (client) => {
        const verifier = new AuditChainVerifier(this.format);
        let after = 0;
        for (;;) {
          const { rows } = await client.query<AuditRow>(
            `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
            [after, VERIFY_PAGE],
          );
          for (const row of rows)
            if (!verifier.add(auditRowToRecord(row))) return verifier.result();
          if (rows.length < VERIFY_PAGE) return verifier.result();
          after = rows.at(-1)!.seq;
        }
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  async head(): Promise<AuditHead> {
    const { rows } = await this.db.query<AuditHead>('audit', 'read the head', SELECT_HEAD);
    return rows[0] === undefined
      ? { ...EMPTY_AUDIT_HEAD }
      : { seq: rows[0].seq, hash: rows[0].hash };
  }

  async recordAt(seq: number): Promise<AuditRecord | undefined> {
    const { rows } = await this.db.query<AuditRow>(
      'audit',
      'read a record',
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq = $1`,
      [seq],
    );
    return rows[0] === undefined ? undefined : auditRowToRecord(rows[0]);
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ count: number }>(
      'audit',
      'count records',
      'SELECT COUNT(*)::bigint AS count FROM audit_log',
    );
    return rows[0]?.count ?? 0;
  }

  async groupCommitStats(): Promise<GroupCommitStats> {
    return this.groups.committed();
  }

  /**
   * One transaction: the chain's lock, the riders, the head, the group chained on it, one
   * INSERT. Records are chained only once the riders ran: a refused item leaves no gap.
   */
  private writeGroup(items: GroupItem[]): Promise<(AuditRecord | ItemRefused)[]> {
    return this.db.transaction(
      'audit',
      `append ${items.length} record(s)`,
      async (client: pg.PoolClient) => {
        // The chain's lock before the riders' row locks: nothing takes them the other way round.
        await client.query('LOCK TABLE audit_log IN EXCLUSIVE MODE');
        const refused: (ItemRefused | undefined)[] = [];
        for (const item of items) {
          const failed =
            item.rider === undefined ? undefined : await inSavepoint(client, item.rider);
          refused.push(
            failed && new ItemRefused(this.db.failure('audit', 'append a record', failed.error)),
          );
        }
        const { rows } = await client.query<AuditHead>(SELECT_HEAD);
        let head: AuditHead = rows[0] ?? EMPTY_AUDIT_HEAD;
        const chained: AuditRecord[] = [];
        const results = items.map((item, i) => {
          const refusal = refused[i];
          if (refusal !== undefined) return refusal;
          const record = chainRecord(head, item.event, this.format);
          chained.push(record);
          head = record;
          return record;
        });
        if (chained.length > 0) {
          await client.query(INSERT_GROUP, columnArrays(chained.map(auditRecordToRow)));
        }
        return results;
      },
    );
  }
}

/**
 * Runs `rider` in a savepoint: what it wrote is kept, or (it threw: its error) rolled back with
 * the transaction still usable. A failed rollback (the connection is gone) fails the transaction.
 */
async function inSavepoint(
  client: pg.PoolClient,
  rider: AuditRider,
): Promise<{ error: unknown } | undefined> {
  await client.query('SAVEPOINT rider');
  try {
    await rider(client);
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT rider');
    return { error };
  }
  await client.query('RELEASE SAVEPOINT rider');
  return undefined;
}

/** The rows as one array per column, in AUDIT_COLUMNS order. */
function columnArrays(rows: AuditRow[]): unknown[][] {
  return COLUMNS.map((column) => rows.map((row) => row[column]));
}

/** The memory store's limit rules in SQL terms: none (NULL) when absent, NaN or infinite. */
function sqlLimit(limit: number | undefined): number | null {
  if (limit === undefined || Number.isNaN(limit) || limit === Infinity) return null;
  return Math.max(0, Math.floor(limit));
}
