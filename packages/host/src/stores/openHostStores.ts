import type { AuditChainKey, DlxError } from '@dealix/connector-core';
import type { DatabaseTarget } from '../config/databaseTarget';
import { createSqliteStores } from './createSqliteStores';
import type { HostStores } from './hostStores';
import { createPostgresStores } from './postgres/createPostgresStores';
import type { PostgresSettings } from './postgres/postgresDatabase';

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
    return createSqliteStores(target.file, {
      auditKey: options.auditKey,
      ...(options.onFailure && { onWorkerFailure: options.onFailure }),
    });
  }
  return createPostgresStores(target, {
    auditKey: options.auditKey,
    settings: options.postgres,
    ...(options.onFailure && { onConnectionError: options.onFailure }),
  });
}
