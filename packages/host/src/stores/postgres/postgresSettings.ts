// How the host talks to PostgreSQL, apart from the client that does it: the config schema reads
// these defaults on every start, and a SQLite host must not load `pg` for them.

/** How the host talks to PostgreSQL (host config `postgres.*`). */
export interface PostgresSettings {
  /** Connections this process opens at most (`postgres.pool_max`). */
  poolMax: number;
  /** Longest a statement may run, lock waits included (`postgres.statement_timeout_ms`). */
  statementTimeoutMs: number;
  /** Longest wait for a connection, new or from the pool (`postgres.connect_timeout_ms`). */
  connectTimeoutMs: number;
  /** The schema the tables live in (`postgres.schema`); default the connection's search_path. */
  schema?: string;
  /** Shown in pg_stat_activity, so a DBA sees which host holds a connection. */
  applicationName: string;
  /** Every transaction read-only (the audit commands: they never write or migrate). */
  readOnly?: boolean;
}

export const DEFAULT_POSTGRES_SETTINGS = {
  poolMax: 10,
  statementTimeoutMs: 5_000,
  connectTimeoutMs: 5_000,
} as const;
