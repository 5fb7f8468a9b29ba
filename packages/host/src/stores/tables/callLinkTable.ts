import type { CallLink } from '@dealix/connector-core/stores';
import type { Database, Statement } from 'better-sqlite3';
import { CALL_LINK_COLUMNS, callLinkToRow, rowToCallLink, type CallLinkRow } from '../callLinkRows';
import { withStoreFailure } from '../storeFailure';

/**
 * Which call created each vendor object, in SQLite. The first call to name an object keeps it:
 * INSERT OR IGNORE on the (tenant, connector, object_id) key.
 */
export class SqliteCallLinkTable {
  private readonly insertRow: Statement<[CallLinkRow]>;
  private readonly selectRow: Statement<[string, string, string], CallLinkRow>;
  private readonly pruneRows: Statement<[string]>;

  constructor(db: Database) {
    this.insertRow = db.prepare<[CallLinkRow]>(
      `INSERT OR IGNORE INTO call_links (${CALL_LINK_COLUMNS}) VALUES (@tenant, @connector, @object_id, ` +
        '@correlation_id, @operation, @created_at, @trace_id, @span_id)',
    );
    this.selectRow = db.prepare<[string, string, string], CallLinkRow>(
      `SELECT ${CALL_LINK_COLUMNS} FROM call_links WHERE tenant = ? AND connector = ? AND object_id = ?`,
    );
    this.pruneRows = db.prepare<[string]>('DELETE FROM call_links WHERE created_at < ?');
  }

  link(link: CallLink): void {
    withStoreFailure('call link', 'record a vendor object', () =>
      this.insertRow.run(callLinkToRow(link)),
    );
  }

  find(tenant: string, connector: string, objectId: string): CallLink | undefined {
    const row = withStoreFailure('call link', 'find a vendor object', () =>
      this.selectRow.get(tenant, connector, objectId),
    );
    return row === undefined ? undefined : rowToCallLink(row);
  }

  /** Deletes links recorded before the cut-off (ISO 8601 text compares in time order). */
  prune(createdBefore: string): number {
    return withStoreFailure('call link', 'prune old links', () => this.pruneRows.run(createdBefore))
      .changes;
  }
}
