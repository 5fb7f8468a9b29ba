import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { DlxError, type AuditChainKey } from '@dealix/connector-core/stores';
import { SqliteAuditTable } from './tables/auditTable';
import { asStoreFailure } from './storeFailure';

export interface ReadOnlyAuditLog {
  /** Synchronous: the CLI reads on its own thread, in its own process. */
  audit: SqliteAuditTable;
  close(): void;
}

/**
 * The audit log of an existing database, opened read-only: never created, never migrated,
 * never written (audit verify, head and list). A missing file is DLX_E_AUDIT_DATABASE_NOT_FOUND.
 * Opened directly, not through a store worker: the command has no event loop to keep free, and
 * a WAL reader never blocks a serving host's writes.
 */
export function openAuditLogReadOnly(file: string, key?: AuditChainKey): ReadOnlyAuditLog {
  if (file === ':memory:' || file === '' || !existsSync(file)) {
    throw new DlxError(
      'DLX_E_AUDIT_DATABASE_NOT_FOUND',
      `no database at ${file}: audit commands read an existing database and never create one; check --database or DLX_DATABASE`,
      { details: { database: file } },
    );
  }
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const audit = new SqliteAuditTable(db, { readOnly: true, ...(key && { key }) });
    const opened = db;
    return { audit, close: () => opened.close() };
  } catch (error) {
    db?.close();
    throw asStoreFailure('database', `open ${file} read-only`, error);
  }
}
