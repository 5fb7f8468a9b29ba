import type * as PostgresAuditStoreModule from './postgres/postgresAuditStore';
import type * as PostgresDatabaseModule from './postgres/postgresDatabase';
import type * as PostgresStoresModule from './postgres/createPostgresStores';

/*
 * The PostgreSQL stores and their client (`pg`), loaded when a postgres:// database is first
 * opened. A SQLite host (and every CLI command on a SQLite file) never runs them; loading them
 * with the host cost every start ~25-50 ms of CPU (bench/reports/host-startup.md).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use (see above) */
export const postgresStoresModule = (): typeof PostgresStoresModule =>
  require('./postgres/createPostgresStores') as typeof PostgresStoresModule;
export const postgresDatabaseModule = (): typeof PostgresDatabaseModule =>
  require('./postgres/postgresDatabase') as typeof PostgresDatabaseModule;
export const postgresAuditStoreModule = (): typeof PostgresAuditStoreModule =>
  require('./postgres/postgresAuditStore') as typeof PostgresAuditStoreModule;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The host's stores on a PostgreSQL database (./postgres/createPostgresStores, loaded now). */
export const createPostgresStores: typeof PostgresStoresModule.createPostgresStores = (
  target,
  options,
) => postgresStoresModule().createPostgresStores(target, options);
