import { DlxError } from '@dealix/connector-core/stores';
import type { Database } from 'better-sqlite3';
import { SCHEMA_MIGRATIONS, type SchemaMigration } from './migrations';

export interface MigrationOutcome {
  /** The schema version the database is at now. */
  version: number;
  /** Versions applied by this call, in order (empty when the database was up to date). */
  applied: number[];
}

const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`;

/**
 * Brings the database up to the last migration. Each migration runs in its own IMMEDIATE
 * transaction together with its schema_migrations row, so a crash leaves it applied or not at
 * all, and a second process opening the same file at the same moment skips what the first did.
 */
export function applyMigrations(
  db: Database,
  migrations: readonly SchemaMigration[] = SCHEMA_MIGRATIONS,
): MigrationOutcome {
  checkMigrationNumbering(migrations);
  db.exec(CREATE_MIGRATIONS_TABLE);
  const supported = migrations.at(-1)?.version ?? 0;
  const found = currentVersion(db);
  if (found > supported) {
    throw schemaTooNew(db.name, found, supported);
  }
  const record = db.prepare<[number, string, string]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= found) continue;
    const ran = db
      .transaction(() => {
        if (currentVersion(db) >= migration.version) return false;
        db.exec(migration.sql);
        record.run(migration.version, migration.name, new Date().toISOString());
        return true;
      })
      .immediate();
    if (ran) applied.push(migration.version);
  }
  return { version: Math.max(found, supported), applied };
}

function currentVersion(db: Database): number {
  const row = db
    .prepare<[], { version: number | null }>(
      'SELECT MAX(version) AS version FROM schema_migrations',
    )
    .get();
  return row?.version ?? 0;
}

/** A database written by a newer release: refused, never migrated down or written. */
export function schemaTooNew(database: string, found: number, supported: number): DlxError {
  return new DlxError(
    'DLX_E_STORE_FAILURE',
    `The database ${database} is at schema version ${found}, newer than this host supports (${supported}); it was written by a newer release. Run that release, or restore a backup made for this one.`,
    { details: { reason: 'schema_too_new', found, supported, database } },
  );
}

/** Versions must be 1, 2, 3...: a gap or a duplicate is a mistake in the code, caught early. */
export function checkMigrationNumbering(migrations: readonly SchemaMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new DlxError(
        'DLX_E_STORE_FAILURE',
        `Schema migration "${migration.name}" is numbered ${migration.version}, expected ${index + 1}: migrations are numbered 1, 2, 3... in order.`,
        { details: { reason: 'migrations_misnumbered', version: migration.version } },
      );
    }
  });
}
