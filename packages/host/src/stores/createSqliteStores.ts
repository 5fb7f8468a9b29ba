import type { AuditChainKey, GovernanceStores } from '@dealix/connector-core';
import { openDatabase } from './openDatabase';
import { SqliteApprovalStore } from './sqliteApprovalStore';
import { SqliteAuditStore } from './sqliteAuditStore';
import { SqliteCallLinkStore } from './sqliteCallLinkStore';
import { SqliteEventOutboxStore } from './sqliteEventOutboxStore';
import { SqliteIdempotencyStore } from './sqliteIdempotencyStore';
import { SqliteSyncStateStore } from './sqliteSyncStateStore';

/** The SQLite stores, typed by class so the host can reach flush(), count() and pruning. */
export interface SqliteStores extends GovernanceStores {
  audit: SqliteAuditStore;
  idempotency: SqliteIdempotencyStore;
  approvals: SqliteApprovalStore;
  syncState: SqliteSyncStateStore;
  outbox: SqliteEventOutboxStore;
  callLinks: SqliteCallLinkStore;
  /** The database file the stores live in (as given). */
  database: string;
  /**
   * Writes the audit appends still queued, then closes the database. Safe to call twice.
   * Calls made on the stores afterwards reject with DLX_E_STORE_FAILURE.
   */
  close(): void;
}

/**
 * Opens (creating and migrating it when needed) the database at `file` and its stores. The
 * audit chain is keyed with `auditKey` (DLX_AUDIT_KEY), which every host of the database shares.
 */
export function createSqliteStores(
  file: string,
  options: { auditKey: AuditChainKey },
): SqliteStores {
  const db = openDatabase(file);
  const audit = new SqliteAuditStore(db, { key: options.auditKey });
  return {
    audit,
    idempotency: new SqliteIdempotencyStore(db),
    approvals: new SqliteApprovalStore(db),
    syncState: new SqliteSyncStateStore(db),
    outbox: new SqliteEventOutboxStore(db),
    callLinks: new SqliteCallLinkStore(db),
    database: file,
    close() {
      if (!db.open) return;
      audit.flush();
      db.close();
    },
  };
}
