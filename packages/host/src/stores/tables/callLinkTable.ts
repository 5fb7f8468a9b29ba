import type { CallLink } from '@dealix/connector-core/stores';
import type { Database, Statement } from 'better-sqlite3';
import { withStoreFailure } from '../storeFailure';

const COLUMNS =
  'tenant, connector, object_id, correlation_id, operation, created_at, trace_id, span_id';

type CallLinkRow = Omit<CallLink, 'trace_id' | 'span_id'> & {
  trace_id: string | null;
  span_id: string | null;
};

/**
 * Which call created each vendor object, in SQLite. The first call to name an object keeps it:
 * INSERT OR IGNORE on the (tenant, connector, object_id) key.
 */
export class SqliteCallLinkTable {
  private readonly insertRow: Statement<[CallLinkRow]>;
  private readonly selectRow: Statement<[string, string, string], CallLinkRow>;

  constructor(db: Database) {
    this.insertRow = db.prepare<[CallLinkRow]>(
      `INSERT OR IGNORE INTO call_links (${COLUMNS}) VALUES (@tenant, @connector, @object_id, ` +
        '@correlation_id, @operation, @created_at, @trace_id, @span_id)',
    );
    this.selectRow = db.prepare<[string, string, string], CallLinkRow>(
      `SELECT ${COLUMNS} FROM call_links WHERE tenant = ? AND connector = ? AND object_id = ?`,
    );
  }

  link(link: CallLink): void {
    withStoreFailure('call link', 'record a vendor object', () =>
      this.insertRow.run({
        ...link,
        trace_id: link.trace_id ?? null,
        span_id: link.span_id ?? null,
      }),
    );
  }

  find(tenant: string, connector: string, objectId: string): CallLink | undefined {
    const row = withStoreFailure('call link', 'find a vendor object', () =>
      this.selectRow.get(tenant, connector, objectId),
    );
    if (row === undefined) return undefined;
    // An untraced call's link has no trace fields at all, as the memory store keeps it.
    const { trace_id, span_id, ...link } = row;
    return trace_id === null || span_id === null ? link : { ...link, trace_id, span_id };
  }
}
