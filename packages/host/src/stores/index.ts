export { applyMigrations, type MigrationOutcome } from './applyMigrations';
export {
  createSqliteStores,
  type SqliteApprovalStore,
  type SqliteCallLinkStore,
  type SqliteEventOutboxStore,
  type SqliteIdempotencyStore,
  type SqliteStores,
  type SqliteStoresOptions,
  type SqliteSyncStateStore,
} from './createSqliteStores';
export type { HostAuditStore, HostStores, StoreBackend } from './hostStores';
export { SCHEMA_MIGRATIONS, type SchemaMigration } from './migrations';
export { openHostStores, type HostStoresOptions } from './openHostStores';
export { createPostgresStores } from './lazyPostgres';
export type { PostgresStores, PostgresStoresOptions } from './postgres/createPostgresStores';
export { POSTGRES_MIGRATIONS } from './postgres/postgresMigrations';
export { openDatabase } from './openDatabase';
export { openAuditLogReadOnly, type ReadOnlyAuditLog } from './openAuditLog';
export { SqliteAuditStore } from './sqliteAuditStore';
export { SqliteAuditTable, type GroupCommitStats } from './tables/auditTable';
