import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import {
  DlxError,
  type AuditChainKey,
  type AuditHead,
  type AuditQuery,
  type AuditRecord,
  type AuditVerifyResult,
} from '@dealix/connector-core/stores';
import type { DatabaseTarget } from '../config/databaseTarget';
import { postgresAuditStoreModule, postgresDatabaseModule } from './lazyPostgres';
import type { PostgresDatabase } from './postgres/postgresDatabase';
import type { PostgresSettings } from './postgres/postgresSettings';
import { asStoreFailure } from './storeFailure';
import { SqliteAuditTable } from './tables/auditTable';

/** The audit log of an existing database, for the read-only audit commands. */
export interface ReadOnlyAuditLog {
  /** Where the keyed format starts (1 on PostgreSQL); undefined for a log from before it. */
  keyedFromSeq: number | undefined;
  verify(): Promise<AuditVerifyResult>;
  head(): Promise<AuditHead>;
  list(query: AuditQuery): Promise<AuditRecord[]>;
  recordAt(seq: number): Promise<AuditRecord | undefined>;
  close(): Promise<void>;
}

/**
 * The audit log of an existing database, opened read-only: never created, never migrated,
 * never written (audit verify, head and list). A missing SQLite file, or a PostgreSQL database
 * without the host's tables, is DLX_E_AUDIT_DATABASE_NOT_FOUND. SQLite is opened directly, not
 * through a store worker: the command has no event loop to keep free, and a WAL reader never
 * blocks a serving host's writes. PostgreSQL sessions are read-only (default_transaction_read_only).
 */
export async function openAuditLogReadOnly(
  target: DatabaseTarget,
  key: AuditChainKey | undefined,
  postgres: PostgresSettings,
): Promise<ReadOnlyAuditLog> {
  return target.kind === 'sqlite'
    ? openSqliteAuditLog(target.file, key)
    : openPostgresAuditLog(
        new (postgresDatabaseModule().PostgresDatabase)(
          target,
          { ...postgres, readOnly: true },
          () => {},
        ),
        key,
      );
}

function notFound(database: string): DlxError {
  return new DlxError(
    'DLX_E_AUDIT_DATABASE_NOT_FOUND',
    `no database at ${database}: audit commands read an existing database and never create one; check --database or DLX_DATABASE`,
    { details: { database } },
  );
}

function openSqliteAuditLog(file: string, key: AuditChainKey | undefined): ReadOnlyAuditLog {
  if (file === ':memory:' || file === '' || !existsSync(file)) throw notFound(file);
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const audit = new SqliteAuditTable(db, { readOnly: true, ...(key && { key }) });
    const opened = db;
    return {
      keyedFromSeq: audit.keyedFromSeq,
      verify: async () => audit.verify(),
      head: async () => audit.head(),
      list: async (query) => audit.list(query),
      recordAt: async (seq) => audit.recordAt(seq),
      close: async () => {
        opened.close();
      },
    };
  } catch (error) {
    db?.close();
    throw asStoreFailure('database', `open ${file} read-only`, error);
  }
}

async function openPostgresAuditLog(
  db: PostgresDatabase,
  key: AuditChainKey | undefined,
): Promise<ReadOnlyAuditLog> {
  try {
    const { rows } = await db.query<{ table: string | null }>(
      'audit',
      'find the audit log',
      "SELECT to_regclass('audit_log')::text AS table",
    );
    if (rows[0]?.table === undefined || rows[0].table === null) throw notFound(db.target.display);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const audit = new (postgresAuditStoreModule().PostgresAuditStore)(db, key);
  return {
    keyedFromSeq: 1,
    verify: () => audit.verify(),
    head: () => audit.head(),
    list: (query) => audit.list(query),
    recordAt: (seq) => audit.recordAt(seq),
    close: () => db.close(),
  };
}
