import {
  AUDIT_KEY_VARIABLE,
  DlxError,
  EMPTY_AUDIT_HEAD,
  chainCanonicalRecord,
  verifyAuditChain,
  type AuditChainFormat,
  type AuditChainKey,
  type AuditEventInput,
  type AuditHead,
  type AuditQuery,
  type AuditRecord,
  type AuditVerifyResult,
} from '@dealix/connector-core/stores';
import type { Database, Statement } from 'better-sqlite3';
import {
  auditColumnsOf,
  auditKeyMissingToWrite,
  auditRowToRecord,
  auditRowValues,
  type AuditRow,
} from '../auditRows';
import {
  auditChainFormat,
  markerProblem,
  readAuditChainMarker,
  sealAuditChainMarker,
  type AuditChainMarker,
} from '../auditChainMarker';
import { withStoreFailure } from '../storeFailure';

/**
 * Where a group's records sit in the chain: all an append answers across the thread. Record i
 * of the group has seq `firstSeq + i`, hash `hashes[i]` and prev_hash `hashes[i - 1]` (for the
 * first, `prevHash`).
 */
export interface AppendedGroup {
  firstSeq: number;
  prevHash: string;
  hashes: string[];
  /** Whether the table hashed any record itself (a link missing or not where it landed). */
  rehashed: boolean;
}

/**
 * Where the host thread already chained an append (see StoreWorkerClient.appendAudit): the seq
 * and prev_hash it hashed it on, and the hash it made. The table takes that hash only when the
 * record lands exactly there (the head it is written on has that seq - 1 and that hash, in the
 * keyed part of the log); otherwise it hashes the record itself, as it does without a link.
 */
export interface AuditLink {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface GroupCommitStats {
  /** Committed transactions that held audit records. */
  transactions: number;
  /** Records written by those transactions. */
  records: number;
}

/**
 * The hash-chained audit log in SQLite, chained and verified by core's hashChain. It runs where
 * its database connection is: in the store worker for a host (every append a batch received
 * is chained in ONE group, inside the batch's transaction: group commit), on the CLI's thread
 * for the read-only audit commands.
 */
export class SqliteAuditTable {
  private readonly stats: GroupCommitStats = { transactions: 0, records: 0 };
  private readonly insertRow: Statement<unknown[]>;
  private readonly selectHead: Statement<[], AuditHead>;
  private readonly selectCount: Statement<[], { count: number }>;
  private readonly selectAll: Statement<[], AuditRow>;
  private readonly selectAfter: Statement<[number, number], AuditRow>;
  private readonly selectTenantAfter: Statement<[string, number, number], AuditRow>;
  private readonly selectAt: Statement<[number], AuditRow>;
  private readonly writeGroup: (
    events: AuditEventInput[],
    links: readonly (AuditLink | undefined)[],
  ) => AppendedGroup;
  private readonly marker: AuditChainMarker | undefined;
  private readonly format: AuditChainFormat;

  /**
   * `key`: DLX_AUDIT_KEY, needed to append and to verify keyed records. `readOnly`: a database
   * opened read-only (audit verify, head, list): the marker is read, never sealed.
   */
  constructor(
    private readonly db: Database,
    private readonly options: { key?: AuditChainKey; readOnly?: boolean } = {},
  ) {
    if (options.key !== undefined && options.readOnly !== true) {
      sealAuditChainMarker(db, options.key);
    }
    this.marker = readAuditChainMarker(db);
    this.format = auditChainFormat(this.marker, options.key);
    const columns = auditColumnsOf(db);
    this.insertRow = db.prepare<unknown[]>(columns.insert);
    this.selectHead = db.prepare<[], AuditHead>(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    this.selectCount = db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM audit_log');
    this.selectAll = db.prepare<[], AuditRow>(
      `SELECT ${columns.select} FROM audit_log ORDER BY seq`,
    );
    this.selectAfter = db.prepare<[number, number], AuditRow>(
      `SELECT ${columns.select} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
    );
    this.selectTenantAfter = db.prepare<[string, number, number], AuditRow>(
      `SELECT ${columns.select} FROM audit_log WHERE tenant = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.selectAt = db.prepare<[number], AuditRow>(
      `SELECT ${columns.select} FROM audit_log WHERE seq = ?`,
    );
    const traced = columns.traced;
    const transaction = db.transaction(
      (events: AuditEventInput[], links: readonly (AuditLink | undefined)[]): AppendedGroup => {
        const start = this.readHead();
        // The head as two values, not an object per record; a row is bound straight from the
        // event (auditRowValues), its chain fields beside it.
        let seq = start.seq;
        let hash = start.hash;
        const hashes = new Array<string>(events.length);
        let rehashed = false;
        for (let i = 0; i < events.length; i++) {
          const event = events[i]!;
          // The payload arrives as its canonical text (SqliteAuditStore.append made it): hashed
          // and stored as it is, never walked here.
          const payloadText = event.payload;
          if (typeof payloadText !== 'string') throw payloadNotText();
          const link = links[i];
          let next: string;
          if (link !== undefined && this.landsAt(link, seq, hash)) {
            next = link.hash;
          } else {
            next = chainCanonicalRecord({ seq, hash }, event, payloadText, this.format).hash;
            rehashed = true;
          }
          seq += 1;
          this.insertRow.run(auditRowValues(event, payloadText, seq, hash, next, traced));
          hash = next;
          // Only the chain position goes back: the caller holds the rest of the record.
          hashes[i] = next;
        }
        return { firstSeq: start.seq + 1, prevHash: start.hash, hashes, rehashed };
      },
    );
    // IMMEDIATE takes the write lock up front, so the head read inside cannot go stale. Inside
    // the worker's batch transaction this is a savepoint: the group stands or falls as one.
    this.writeGroup = (events, links) => transaction.immediate(events, links);
  }

  /**
   * Chains `events` (normalized by the caller, checked storable, each payload replaced by its
   * canonical JSON text: see toAppendedEvent) in order on the current head and inserts them
   * (taking the hash of event i from `links[i]` where it lands: see AuditLink),
   * all or none; answers each record's chain position. Durable once the enclosing transaction
   * commits: the caller acknowledges nothing before that, and reports the commit with
   * noteCommitted().
   */
  appendGroup(
    events: AuditEventInput[],
    links: readonly (AuditLink | undefined)[] = [],
  ): AppendedGroup {
    if (this.options.key === undefined) throw auditKeyMissingToWrite();
    return withStoreFailure('audit', `append ${events.length} record(s)`, () =>
      this.writeGroup(events, links),
    );
  }

  /** Where appends land next: the head and where the keyed format starts (for AuditLinks). */
  chainPosition(): { head: AuditHead; keyedFromSeq: number } {
    return { head: this.head(), keyedFromSeq: this.format.keyedFromSeq };
  }

  /** Whether `link` was hashed on the head (seq, hash), in the keyed part of the log (AuditLink). */
  private landsAt(link: AuditLink, seq: number, hash: string): boolean {
    return (
      link.seq === seq + 1 &&
      link.prevHash === hash &&
      link.seq >= this.format.keyedFromSeq &&
      this.format.key !== undefined
    );
  }

  /** Counts a committed group (for metrics, and for tests to see the batching). */
  noteCommitted(records: number): void {
    this.stats.transactions += 1;
    this.stats.records += records;
  }

  list(query: AuditQuery = {}): AuditRecord[] {
    const after = query.after === undefined || Number.isNaN(query.after) ? 0 : query.after;
    const limit = sqlLimit(query.limit);
    const rows = withStoreFailure('audit', 'list records', () =>
      query.tenant === undefined
        ? this.selectAfter.all(after, limit)
        : this.selectTenantAfter.all(query.tenant, after, limit),
    );
    return rows.map(auditRowToRecord);
  }

  /**
   * Checks the keyed-format marker's seal, then streams the rows in seq order through core's
   * verifyAuditChain, one record at a time. Keyed records need the key (DLX_E_AUDIT_KEY_MISSING).
   */
  verify(): AuditVerifyResult {
    return withStoreFailure('audit', 'verify the chain', () => {
      const key = this.options.key;
      if (key !== undefined) {
        const problem = markerProblem(this.marker, key, this.readHead().seq);
        if (problem !== undefined) {
          const seq = this.marker!.keyedFromSeq;
          return { ok: false, count: 0, first_bad_seq: seq, reason: `record ${seq}: ${problem}` };
        }
      } else if (this.marker !== undefined && this.readHead().seq >= this.marker.keyedFromSeq) {
        throw new DlxError(
          'DLX_E_AUDIT_KEY_MISSING',
          `${AUDIT_KEY_VARIABLE} is not set: records from seq ${this.marker.keyedFromSeq} on are keyed (HMAC-SHA256) and cannot be verified without it`,
          { details: { variable: AUDIT_KEY_VARIABLE } },
        );
      }
      return verifyAuditChain(this.records(), this.format);
    });
  }

  /** Where the keyed format starts; undefined for a database from before the keyed chain. */
  get keyedFromSeq(): number | undefined {
    return this.marker?.keyedFromSeq;
  }

  /** The record at `seq`, if the log holds one (to compare with an exported head). */
  recordAt(seq: number): AuditRecord | undefined {
    const row = withStoreFailure('audit', 'read a record', () => this.selectAt.get(seq));
    return row === undefined ? undefined : auditRowToRecord(row);
  }

  head(): AuditHead {
    return withStoreFailure('audit', 'read the head', () => this.readHead());
  }

  /** How many records the log holds. */
  count(): number {
    return withStoreFailure('audit', 'count records', () => this.selectCount.get()?.count ?? 0);
  }

  /** What group commit has done so far: for metrics, and for tests to see the batching. */
  groupCommitStats(): GroupCommitStats {
    return { ...this.stats };
  }

  private readHead(): AuditHead {
    const row = this.selectHead.get();
    return row === undefined ? { ...EMPTY_AUDIT_HEAD } : { seq: row.seq, hash: row.hash };
  }

  private *records(): Generator<AuditRecord> {
    for (const row of this.selectAll.iterate()) yield auditRowToRecord(row);
  }
}

/** A caller that did not send the payload as its canonical text: a bug, refused loudly. */
function payloadNotText(): DlxError {
  return new DlxError(
    'DLX_E_RUNTIME_INPUT_INVALID',
    'The audit table appends events whose payload is its canonical JSON text (SqliteAuditStore.append sends them so); this one has another payload.',
    { details: { reason: 'audit_payload_not_text' } },
  );
}

/** The memory store's limit rules in SQL terms: none (-1) when absent, NaN or infinite. */
function sqlLimit(limit: number | undefined): number {
  if (limit === undefined || Number.isNaN(limit) || limit === Infinity) return -1;
  return Math.max(0, Math.floor(limit));
}
