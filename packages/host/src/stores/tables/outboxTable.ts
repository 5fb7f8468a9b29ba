import {
  countingCursor,
  parseCountingCursor,
  type OutboxEvent,
} from '@dealix/connector-core/stores';
import type { Database, Statement } from 'better-sqlite3';
import { OUTBOX_COLUMNS, outboxEventToRow, rowToOutboxEvent, type OutboxRow } from '../outboxRows';
import { withStoreFailure } from '../storeFailure';

/**
 * Verified webhook events in SQLite. The position is an AUTOINCREMENT key, so it only ever grows
 * (even past deleted rows), and SQLite's one writer commits rows in that order: the opaque
 * cursor consumers see is the position in decimal (core's countingCursor). A vendor's
 * redelivery is found by (tenant, connector, event_id) and not inserted again, with UNIQUE and
 * INSERT OR IGNORE as the database's own guarantee.
 */
export class SqliteOutboxTable {
  private readonly insertRow: Statement<[OutboxRow]>;
  private readonly selectCursor: Statement<[string, string, string], { cursor: number }>;
  private readonly selectPage: Statement<[string, number, number], OutboxRow & { cursor: number }>;
  private readonly appendTransaction: (event: Omit<OutboxEvent, 'cursor'>) => {
    inserted: boolean;
    cursor: string;
  };

  private readonly pruneRows: Statement<[string]>;
  private readonly selectLastCursor: Statement<[], { seq: number }>;

  constructor(db: Database) {
    // AUTOINCREMENT's own record of the largest cursor ever given out (kept past deletes).
    this.selectLastCursor = db.prepare<[], { seq: number }>(
      "SELECT seq FROM sqlite_sequence WHERE name = 'outbox_events'",
    );
    this.pruneRows = db.prepare<[string]>('DELETE FROM outbox_events WHERE received_at < ?');
    this.insertRow = db.prepare<[OutboxRow]>(
      `INSERT OR IGNORE INTO outbox_events (${OUTBOX_COLUMNS}) VALUES (@tenant, @connector, ` +
        '@event_id, @type, @occurred_at, @received_at, @payload, @correlation_id)',
    );
    this.selectCursor = db.prepare<[string, string, string], { cursor: number }>(
      'SELECT cursor FROM outbox_events WHERE tenant = ? AND connector = ? AND event_id = ?',
    );
    this.selectPage = db.prepare<[string, number, number], OutboxRow & { cursor: number }>(
      `SELECT cursor, ${OUTBOX_COLUMNS} FROM outbox_events WHERE tenant = ? AND cursor > ? ` +
        'ORDER BY cursor LIMIT ?',
    );
    // Looked up first: even an ignored INSERT would use up an AUTOINCREMENT value, and a
    // redelivery must not leave a gap in the cursors.
    const append = db.transaction((event: Omit<OutboxEvent, 'cursor'>) => {
      const known = this.selectCursor.get(event.tenant, event.connector, event.event_id);
      if (known !== undefined) return { inserted: false, cursor: countingCursor(known.cursor) };
      const result = this.insertRow.run(outboxEventToRow(event));
      if (result.changes !== 1) throw new Error('the outbox event was neither found nor inserted');
      return { inserted: true, cursor: countingCursor(Number(result.lastInsertRowid)) };
    });
    this.appendTransaction = (event) => append.immediate(event);
  }

  append(event: Omit<OutboxEvent, 'cursor'>): { inserted: boolean; cursor: string } {
    return withStoreFailure('outbox', 'append an event', () => this.appendTransaction(event));
  }

  /** The tenant's events after the cursor `after`, oldest first, at most `limit`. */
  list(tenant: string, after: string | undefined, limit: number): OutboxEvent[] {
    const max = Number.isNaN(limit) || limit === Infinity ? -1 : Math.max(0, Math.floor(limit));
    const rows = withStoreFailure('outbox', 'list events', () => {
      const from = parseCountingCursor(after, () => this.selectLastCursor.get()?.seq ?? 0);
      return this.selectPage.all(tenant, from, max);
    });
    return rows.map(({ cursor, ...row }) => rowToOutboxEvent(row, countingCursor(cursor)));
  }

  /** Deletes events received before the cut-off (ISO 8601 text compares in time order). */
  prune(receivedBefore: string): number {
    return withStoreFailure('outbox', 'prune old events', () => this.pruneRows.run(receivedBefore))
      .changes;
  }
}
