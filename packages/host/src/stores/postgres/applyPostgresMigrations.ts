import type pg from 'pg';
import type { MigrationOutcome } from '../applyMigrations';
import { checkMigrationNumbering, schemaTooNew } from '../applyMigrations';
import type { SchemaMigration } from '../migrations';
import type { PostgresDatabase } from './postgresDatabase';
import { POSTGRES_MIGRATIONS } from './postgresMigrations';

/** pg_advisory_lock(classid, objid): "dlx" and 1, the schema migrations of this database. */
const MIGRATION_LOCK = [0x646c78, 1] as const;
/** Waiting for another host's migrations may take longer than one statement normally may. */
const MIGRATION_STATEMENT_TIMEOUT_MS = 120_000;

/**
 * Brings the database to the last migration under a session advisory lock, so several hosts
 * starting at once migrate once: the first applies each missing migration in its own
 * transaction (with its schema_migrations row), the others wait for the lock and find nothing
 * left to do. A database at a newer version than this host knows is refused.
 */
export async function applyPostgresMigrations(
  db: PostgresDatabase,
  migrations: readonly SchemaMigration[] = POSTGRES_MIGRATIONS,
): Promise<MigrationOutcome> {
  checkMigrationNumbering(migrations);
  const supported = migrations.at(-1)?.version ?? 0;
  let client;
  try {
    client = await db.pool.connect();
  } catch (error) {
    throw db.failure('database', 'connect', error);
  }
  // The server may end the connection mid-migration: its statement fails, the event must not.
  const ignoreLoss = () => undefined;
  client.on('error', ignoreLoss);
  try {
    await client.query(`SET statement_timeout = ${MIGRATION_STATEMENT_TIMEOUT_MS}`);
    await client.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
    try {
      // A schema already at this host's version needs no DDL, so a host may run as a role with
      // table rights only (an owner role migrates): CREATE ... IF NOT EXISTS would still demand
      // the CREATE privilege.
      const current = await migratedVersion(client);
      if (current !== undefined && current >= supported) {
        if (current > supported) throw schemaTooNew(db.target.display, current, supported);
        return { version: current, applied: [] };
      }
      // The schema name was checked by the config (lower-case letters, digits and "_").
      if (db.settings.schema !== undefined) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${db.settings.schema}`);
      }
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)',
      );
      // Under the advisory lock the version read above still holds.
      const found = current ?? 0;
      const applied: number[] = [];
      for (const migration of migrations) {
        if (migration.version <= found) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
            [migration.version, migration.name, new Date().toISOString()],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        applied.push(migration.version);
      }
      return { version: Math.max(found, supported), applied };
    } finally {
      // A connection that broke took its session lock with it.
      await client
        .query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK])
        .catch(() => undefined);
    }
  } catch (error) {
    throw db.failure('database', 'migrate the schema', error);
  } finally {
    // The session's settings were changed for the migration: never hand it out again.
    client.off('error', ignoreLoss);
    client.release(true);
  }
}

/** The schema's version when its schema_migrations table exists (on the search path). */
async function migratedVersion(client: pg.PoolClient): Promise<number | undefined> {
  const { rows } = await client.query<{ found: string | null }>(
    "SELECT to_regclass('schema_migrations')::text AS found",
  );
  return (rows[0]?.found ?? null) === null ? undefined : currentVersion(client);
}

async function currentVersion(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>(
    'SELECT MAX(version) AS version FROM schema_migrations',
  );
  return rows[0]?.version ?? 0;
}
