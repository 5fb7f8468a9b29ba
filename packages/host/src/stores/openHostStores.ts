import { isDlxError, type AuditChainKey, type DlxError } from '@dealix/connector-core';
import type { DatabaseTarget } from '../config/databaseTarget';
import { createSqliteStores } from './createSqliteStores';
import type { HostStores } from './hostStores';
import { createPostgresStores } from './lazyPostgres';
import type { PostgresSettings } from './postgres/postgresSettings';

export interface HostStoresOptions {
  /** DLX_AUDIT_KEY: keys the audit chain; every host of the database shares it. */
  auditKey: AuditChainKey;
  /** How to talk to PostgreSQL (host config `postgres.*`); unused for SQLite. */
  postgres: PostgresSettings;
  /**
   * Told of a store fault the host should log: the SQLite worker stopped (every call fails until
   * a restart), or PostgreSQL dropped an idle connection (the pool replaces it).
   */
  onFailure?: (error: DlxError) => void;
}

/** The host's stores on its database: SQLite in a worker thread, or a PostgreSQL pool. */
export function openHostStores(
  target: DatabaseTarget,
  options: HostStoresOptions,
): Promise<HostStores> {
  if (target.kind === 'sqlite') {
    const onFailure = options.onFailure;
    return createSqliteStores(target.file, {
      auditKey: options.auditKey,
      ...(onFailure && {
        onWorkerFailure: onFailure,
        // A stopped worker or closed stores are reported already (or on purpose).
        onSyncStateWriteFailure: (error) => {
          const reason = isDlxError(error) ? error.details?.reason : undefined;
          if (isDlxError(error) && reason !== 'store_worker_stopped' && reason !== 'stores_closed')
            onFailure(error);
        },
      }),
    });
  }
  return createPostgresStores(target, {
    auditKey: options.auditKey,
    settings: options.postgres,
    ...(options.onFailure && { onConnectionError: options.onFailure }),
  });
}
