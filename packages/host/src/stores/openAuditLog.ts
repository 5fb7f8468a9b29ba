import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { DlxError, type AuditChainKey } from '@dealix/connector-core';
import { SqliteAuditStore } from './sqliteAuditStore';
import { asStoreFailure } from './storeFailure';

export interface ReadOnlyAuditLog {
  audit: SqliteAuditStore;
  close(): void;
}

/**
 * The audit log of an existing database, opened read-only: never created, never migrated,
 * never written (audit verify, head and list). A missing file is DLX_E_AUDIT_DATABASE_NOT_FOUND.
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
    const audit = new SqliteAuditStore(db, { readOnly: true, ...(key && { key }) });
    const opened = db;
    return { audit, close: () => opened.close() };
  } catch (error) {
    db?.close();
    throw asStoreFailure('database', `open ${file} read-only`, error);
  }
}
