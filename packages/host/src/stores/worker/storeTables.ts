import type { AuditChainKey } from '@dealix/connector-core/stores';
import type { Database } from 'better-sqlite3';
import { SqliteApprovalTable } from '../tables/approvalTable';
import { SqliteAuditTable } from '../tables/auditTable';
import { SqliteCallLinkTable } from '../tables/callLinkTable';
import { SqliteIdempotencyTable } from '../tables/idempotencyTable';
import { SqliteOutboxTable } from '../tables/outboxTable';
import { SqliteSyncStateTable } from '../tables/syncStateTable';
import type { StoreName } from './protocol';

/** The store worker's tables, one per store, all on the worker's one connection. */
export interface StoreTables extends Record<StoreName, object> {
  audit: SqliteAuditTable;
  idempotency: SqliteIdempotencyTable;
  approvals: SqliteApprovalTable;
  syncState: SqliteSyncStateTable;
  outbox: SqliteOutboxTable;
  callLinks: SqliteCallLinkTable;
}

/** Prepares every store's statements on `db` (and seals the audit chain's marker with the key). */
export function openStoreTables(db: Database, auditKey: AuditChainKey): StoreTables {
  return {
    audit: new SqliteAuditTable(db, { key: auditKey }),
    idempotency: new SqliteIdempotencyTable(db),
    approvals: new SqliteApprovalTable(db),
    syncState: new SqliteSyncStateTable(db),
    outbox: new SqliteOutboxTable(db),
    callLinks: new SqliteCallLinkTable(db),
  };
}
