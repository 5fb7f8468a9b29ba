export { applyMigrations, type MigrationOutcome } from './applyMigrations';
export { createSqliteStores, type SqliteStores } from './createSqliteStores';
export { SCHEMA_MIGRATIONS, type SchemaMigration } from './migrations';
export { openDatabase } from './openDatabase';
export { SqliteApprovalStore } from './sqliteApprovalStore';
export { SqliteAuditStore, type GroupCommitStats } from './sqliteAuditStore';
export { SqliteEventOutboxStore } from './sqliteEventOutboxStore';
export { SqliteIdempotencyStore } from './sqliteIdempotencyStore';
export { SqliteSyncStateStore } from './sqliteSyncStateStore';
