import type { CallLink } from '@dealix/connector-core/stores';
import type { Database, Statement } from 'better-sqlite3';
import { withStoreFailure } from '../storeFailure';

const COLUMNS = 'tenant, connector, object_id, correlation_id, operation, created_at';

/**
 * Which call created each vendor object, in SQLite. The first call to name an object keeps it:
 * INSERT OR IGNORE on the (tenant, connector, object_id) key.
 */
export class SqliteCallLinkTable {
  private readonly insertRow: Statement<[CallLink]>;
  private readonly selectRow: Statement<[string, string, string], CallLink>;

  constructor(db: Database) {
    this.insertRow = db.prepare<[CallLink]>(
      `INSERT OR IGNORE INTO call_links (${COLUMNS}) VALUES (@tenant, @connector, @object_id, ` +
        '@correlation_id, @operation, @created_at)',
    );
    this.selectRow = db.prepare<[string, string, string], CallLink>(
      `SELECT ${COLUMNS} FROM call_links WHERE tenant = ? AND connector = ? AND object_id = ?`,
    );
  }

  link(link: CallLink): void {
    withStoreFailure('call link', 'record a vendor object', () =>
      this.insertRow.run({
        tenant: link.tenant,
        connector: link.connector,
        object_id: link.object_id,
        correlation_id: link.correlation_id,
        operation: link.operation,
        created_at: link.created_at,
      }),
    );
  }

  find(tenant: string, connector: string, objectId: string): CallLink | undefined {
    return withStoreFailure('call link', 'find a vendor object', () =>
      this.selectRow.get(tenant, connector, objectId),
    );
  }
}
