import type { AuditChainKey, CrossStoreWrites, DlxError } from '@dealix/connector-core';
import type { HostStores } from '../hostStores';
import { applyPostgresMigrations } from './applyPostgresMigrations';
import { PostgresApprovalStore } from './postgresApprovalStore';
import { PostgresAuditStore } from './postgresAuditStore';
import { PostgresCallLinkStore } from './postgresCallLinkStore';
import { PostgresDatabase, type PostgresSettings } from './postgresDatabase';
import { PostgresIdempotencyStore } from './postgresIdempotencyStore';
import { PostgresOutboxStore } from './postgresOutboxStore';
import { PostgresSyncStateStore } from './postgresSyncStateStore';
import type { PostgresTarget } from './postgresTarget';

export interface PostgresStores extends HostStores {
  backend: 'postgres';
  audit: PostgresAuditStore;
  crossStore: CrossStoreWrites;
  /** The pool, for the host's readiness check and for tests. */
  db: PostgresDatabase;
}

export interface PostgresStoresOptions {
  /** DLX_AUDIT_KEY: keys the audit chain; every host of the database shares it. */
  auditKey: AuditChainKey;
  settings: PostgresSettings;
  /** Told when the pool loses an idle connection (the host logs it; the pool replaces it). */
  onConnectionError?: (error: DlxError) => void;
}

/**
 * The stores on a PostgreSQL database shared by several hosts: connects (bounded pool,
 * statement timeouts), applies the numbered migrations under an advisory lock (hosts starting
 * at once migrate once) and returns the same interfaces the SQLite stores offer. Rejects with
 * DLX_E_STORE_FAILURE, its message free of the password, when the database cannot be reached
 * or is newer than this host.
 */
export async function createPostgresStores(
  target: PostgresTarget,
  options: PostgresStoresOptions,
): Promise<PostgresStores> {
  const db = new PostgresDatabase(target, options.settings, (error) =>
    options.onConnectionError?.(error),
  );
  try {
    await applyPostgresMigrations(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const audit = new PostgresAuditStore(db, options.auditKey);
  const idempotency = new PostgresIdempotencyStore(db);
  const syncState = new PostgresSyncStateStore(db);
  let closing: Promise<void> | undefined;
  return {
    backend: 'postgres',
    database: target.display,
    db,
    audit,
    idempotency,
    approvals: new PostgresApprovalStore(db),
    syncState,
    outbox: new PostgresOutboxStore(db),
    callLinks: new PostgresCallLinkStore(db),
    crossStore: {
      // The completion rides on the append's group transaction: group commit is kept.
      appendAndComplete: (event, completion) =>
        audit.appendWith(event, (client) => idempotency.completeOn(client, completion)),
    },
    close: () =>
      (closing ??= (async () => {
        // Group writes already made commit first; then the pool waits for queries in flight.
        await Promise.all([audit.flushed(), syncState.flushed()]);
        await db.close();
      })()),
  };
}
