import type { AuditChainKey, CrossStoreWrites, DlxError } from '@dealix/connector-core/stores';
import type { HostStores } from './hostStores';
import { SqliteAuditStore } from './sqliteAuditStore';
import { SqliteSyncStateWriteBehind } from './syncStateWriteBehind';
import type { SqliteApprovalTable } from './tables/approvalTable';
import type { SqliteCallLinkTable } from './tables/callLinkTable';
import type { SqliteIdempotencyTable } from './tables/idempotencyTable';
import type { SqliteOutboxTable } from './tables/outboxTable';
import type { SqliteSyncStateTable } from './tables/syncStateTable';
import {
  APPROVAL_METHODS,
  CALL_LINK_METHODS,
  IDEMPOTENCY_METHODS,
  OUTBOX_METHODS,
  SYNC_STATE_METHODS,
} from './worker/protocol';
import { remoteStore, type Remote } from './worker/remoteStore';
import { StoreWorkerClient } from './worker/storeWorkerClient';

export type SqliteIdempotencyStore = Remote<SqliteIdempotencyTable>;
export type SqliteApprovalStore = Remote<SqliteApprovalTable>;
export type SqliteSyncStateStore = SqliteSyncStateWriteBehind;
export type SqliteEventOutboxStore = Remote<SqliteOutboxTable>;
export type SqliteCallLinkStore = Remote<SqliteCallLinkTable>;

/** The SQLite stores, typed so the host can reach counts, pruning and the worker. */
export interface SqliteStores extends HostStores {
  backend: 'sqlite';
  audit: SqliteAuditStore;
  idempotency: SqliteIdempotencyStore;
  approvals: SqliteApprovalStore;
  syncState: SqliteSyncStateStore;
  outbox: SqliteEventOutboxStore;
  callLinks: SqliteCallLinkStore;
  crossStore: CrossStoreWrites;
  /** The store worker thread that owns the database (its threadId for logs; fault tests). */
  worker: StoreWorkerClient['worker'];
}

export interface SqliteStoresOptions {
  /** DLX_AUDIT_KEY: keys the audit chain; every host of the database shares it. */
  auditKey: AuditChainKey;
  /** Told once if the store worker stops on its own while serving (the host logs it). */
  onWorkerFailure?: (error: DlxError) => void;
  /** Told when a sync-state write sent behind failed (kept and sent again; the host logs it). */
  onSyncStateWriteFailure?: (error: unknown) => void;
}

/**
 * Opens (creating and migrating it when needed) the database at `file` in a worker thread and
 * returns the stores, thin async proxies to it: no commit, fsync or lock wait runs on the
 * caller's event loop. Rejects with the open's coded error (a schema newer than this host, a
 * file that is not a database).
 */
export async function createSqliteStores(
  file: string,
  options: SqliteStoresOptions,
): Promise<SqliteStores> {
  const client = await StoreWorkerClient.start({
    file,
    auditKey: options.auditKey,
    ...(options.onWorkerFailure && { onFailure: options.onWorkerFailure }),
  });
  const syncState = new SqliteSyncStateWriteBehind(
    remoteStore<SqliteSyncStateTable>(client, 'syncState', SYNC_STATE_METHODS),
    options.onSyncStateWriteFailure,
  );
  client.beforeEachBatch(() => syncState.send());
  const audit = new SqliteAuditStore(client);
  return {
    backend: 'sqlite',
    audit,
    idempotency: remoteStore<SqliteIdempotencyTable>(client, 'idempotency', IDEMPOTENCY_METHODS),
    approvals: remoteStore<SqliteApprovalTable>(client, 'approvals', APPROVAL_METHODS),
    syncState,
    outbox: remoteStore<SqliteOutboxTable>(client, 'outbox', OUTBOX_METHODS),
    callLinks: remoteStore<SqliteCallLinkTable>(client, 'callLinks', CALL_LINK_METHODS),
    // One database, one worker: the append and the key's result go in one batch's transaction.
    crossStore: {
      appendAndComplete: (event, completion) => audit.appendCompleting(event, completion),
    },
    database: file,
    worker: client.worker,
    close: () => client.close(),
  };
}
