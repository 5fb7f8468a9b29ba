import {
  invalidOutboxCursor,
  type EventOutboxStore,
  type OutboxEvent,
} from '@dealix/connector-core/stores';
import { OUTBOX_COLUMNS, outboxEventToRow, rowToOutboxEvent, type OutboxRow } from '../outboxRows';
import type { PostgresDatabase } from './postgresDatabase';
import { placeholders, valuesOf } from './postgresRows';

const COLUMNS = OUTBOX_COLUMNS.split(', ') as (keyof OutboxRow)[];
/** The writing transaction as text (`tx`: an output named txid would make ORDER BY sort text). */
type Position = { tx: string; id: number };
type PositionedRow = OutboxRow & Position;

const INSERT =
  `INSERT INTO outbox_events (${OUTBOX_COLUMNS}) VALUES (${placeholders(COLUMNS.length)}) ` +
  'ON CONFLICT (tenant, connector, event_id) DO NOTHING RETURNING txid::text AS tx, id';
const SELECT_KNOWN =
  'SELECT txid::text AS tx, id FROM outbox_events WHERE tenant = $1 AND connector = $2 AND event_id = $3';
/**
 * Rows after the consumer's position, in (txid, id) order, from transactions older than every
 * transaction still running: any row that could still commit has a txid at or above that
 * horizon, so it sorts after everything listed now and is never skipped.
 */
const SELECT_PAGE =
  `SELECT txid::text AS tx, id, ${OUTBOX_COLUMNS} FROM outbox_events ` +
  'WHERE tenant = $1 AND (txid, id) > ($2::xid8, $3::bigint) ' +
  'AND txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY txid, id LIMIT $4';

/**
 * Whether a parsed cursor can be one this outbox gave out: its id not past the identity's last
 * value (kept past deletes), its transaction already begun.
 */
const CURSOR_GIVEN =
  "SELECT $1::bigint <= COALESCE(pg_sequence_last_value(pg_get_serial_sequence('outbox_events', 'id')::regclass), 0) " +
  'AND $2::xid8 < pg_snapshot_xmax(pg_current_snapshot()) AS given';

/** `<txid>.<id>`: the writing transaction and the row's id, both decimal. Opaque to consumers. */
const CURSOR = /^(0|[1-9][0-9]{0,19})\.(0|[1-9][0-9]{0,18})$/;

/**
 * Verified webhook events on PostgreSQL, written by every host. A plain serial id is not a
 * safe cursor here: ids are taken when a row is inserted, but transactions commit in any
 * order, so a consumer that read id 12 could later find id 11 committed behind it. Each row
 * therefore records its writing transaction (`txid`, pg_current_xact_id()), the cursor is
 * (txid, id), and a page lists only rows of transactions that ended before the oldest one
 * still running (pg_snapshot_xmin): once listed, nothing can appear before a position.
 * The price: an event becomes readable when every transaction older than its own has ended
 * (the host's are short, and bounded by statement and idle-in-transaction timeouts).
 */
export class PostgresOutboxStore implements EventOutboxStore {
  constructor(private readonly db: PostgresDatabase) {}

  async append(event: Omit<OutboxEvent, 'cursor'>): Promise<{ inserted: boolean; cursor: string }> {
    const values = valuesOf(outboxEventToRow(event), COLUMNS);
    // A redelivery finds the first copy; should that copy be pruned meanwhile, insert again.
    for (;;) {
      const inserted = await this.db.query<Position>('outbox', 'append an event', INSERT, values);
      if (inserted.rows[0] !== undefined)
        return { inserted: true, cursor: cursorOf(inserted.rows[0]) };
      const known = await this.db.query<Position>(
        'outbox',
        'find a delivered event',
        SELECT_KNOWN,
        [event.tenant, event.connector, event.event_id],
      );
      if (known.rows[0] !== undefined) return { inserted: false, cursor: cursorOf(known.rows[0]) };
    }
  }

  async list(tenant: string, after: string | undefined, limit: number): Promise<OutboxEvent[]> {
    const [txid, id] = parseCursor(after);
    if (id !== '0') {
      const { rows } = await this.db.query<{ given: boolean }>(
        'outbox',
        'check a cursor',
        CURSOR_GIVEN,
        [id, txid],
      );
      // Past the last cursor given out: a consumer would skip every event up to it.
      if (rows[0]?.given !== true) throw invalidOutboxCursor(after!);
    }
    const max = Number.isNaN(limit) || limit === Infinity ? null : Math.max(0, Math.floor(limit));
    const { rows } = await this.db.query<PositionedRow>('outbox', 'list events', SELECT_PAGE, [
      tenant,
      txid,
      id,
      max,
    ]);
    return rows.map(({ tx, id: rowId, ...row }) =>
      rowToOutboxEvent(row, cursorOf({ tx, id: rowId })),
    );
  }

  async prune(receivedBefore: string): Promise<number> {
    return this.db.changed(
      'outbox',
      'prune old events',
      'DELETE FROM outbox_events WHERE received_at < $1',
      [receivedBefore],
    );
  }
}

function cursorOf(position: Position): string {
  return `${position.tx}.${position.id}`;
}

/** The position after which to list: the start for no cursor (or `"0"`, as every store takes). */
function parseCursor(after: string | undefined): [string, string] {
  if (after === undefined || after === '' || after === '0') return ['0', '0'];
  const match = CURSOR.exec(after);
  if (match === null) throw invalidOutboxCursor(after);
  return [match[1]!, match[2]!];
}
