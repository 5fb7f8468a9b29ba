import { DlxError, isDlxError, scrubSecrets, scrubString } from '@dealix/connector-core';
import pg from 'pg';
import type { PostgresSettings } from './postgresSettings';
import type { PostgresTarget } from './postgresTarget';

export { DEFAULT_POSTGRES_SETTINGS, type PostgresSettings } from './postgresSettings';

/** A session left idle inside a transaction is ended by the server after this long. */
const IDLE_IN_TRANSACTION_MS = 60_000;
const INT8_OID = 20;

/**
 * The host's connection pool to one PostgreSQL database: bounded, every statement under a
 * timeout, bigint columns read as numbers (epoch milliseconds and seqs stay well below 2^53).
 * Every driver error leaves here as DLX_E_STORE_FAILURE with the password and URL scrubbed
 * (pg's errors can echo connection details), never as the driver's own error.
 */
export class PostgresDatabase {
  readonly pool: pg.Pool;

  constructor(
    readonly target: PostgresTarget,
    readonly settings: PostgresSettings,
    onIdleError: (error: DlxError) => void,
  ) {
    this.pool = new pg.Pool({
      connectionString: target.url,
      max: settings.poolMax,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      statement_timeout: settings.statementTimeoutMs,
      // The client gives up a little after the server should have: a dead network still ends.
      query_timeout: settings.statementTimeoutMs + 1_000,
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
      application_name: settings.applicationName.slice(0, 63),
      allowExitOnIdle: true,
      ...(sessionOptions(settings) !== '' && { options: sessionOptions(settings) }),
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(
                oid,
                format as 'text',
              )) as pg.CustomTypesConfig['getTypeParser'],
      },
    });
    // An idle connection the server dropped: the pool replaces it; say so, never crash.
    this.pool.on('error', (error) => onIdleError(this.failure('pool', 'keep a connection', error)));
  }

  /** One statement on any pooled connection (autocommit). */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    store: string,
    action: string,
    text: string,
    values: readonly unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values as unknown[]);
    } catch (error) {
      throw this.failure(store, action, error);
    }
  }

  /** One statement (a DELETE, an UPDATE) on any pooled connection: how many rows it changed. */
  async changed(
    store: string,
    action: string,
    text: string,
    values: readonly unknown[] = [],
  ): Promise<number> {
    return (await this.query(store, action, text, values)).rowCount ?? 0;
  }

  /**
   * `run` inside BEGIN ... COMMIT on one connection; rolled back when it throws. Resolves only
   * after COMMIT returned: what it wrote is durable (synchronous_commit) when the caller hears.
   */
  async transaction<T>(
    store: string,
    action: string,
    run: (client: pg.PoolClient) => Promise<T>,
    begin = 'BEGIN',
  ): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.failure(store, action, error);
    }
    let broken = false;
    const lost = () => (broken = true);
    // pg-pool stops listening to a connection it hands out, and pg emits 'error' when the server
    // ends the connection (a restart, a failover, pg_terminate_backend): unheard, that event
    // ends the process. The statement in flight, or the next one, fails on its own.
    client.on('error', lost);
    try {
      await client.query(begin);
      const result = await run(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (!broken) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection is gone: do not hand it out again
        }
      }
      throw this.failure(store, action, error);
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** A driver error as DLX_E_STORE_FAILURE, scrubbed of the password and URL; ours pass through. */
  failure(store: string, action: string, error: unknown): DlxError {
    if (isDlxError(error)) return error;
    const secrets = this.target.secrets;
    const message = scrubString(error instanceof Error ? error.message : String(error), secrets);
    const code = (error as { code?: unknown } | null)?.code;
    return new DlxError(
      'DLX_E_STORE_FAILURE',
      `The PostgreSQL ${store} store (${this.target.display}) could not ${action}: ${message}`,
      {
        cause: scrubSecrets(error, secrets),
        details: {
          store,
          action,
          database: this.target.display,
          ...(typeof code === 'string' && { pg_code: code }),
          ...(code === '57014' && { reason: 'statement_timeout' }),
        },
      },
    );
  }
}

/** Session settings sent at connect: the schema first on the search path, read-only sessions. */
function sessionOptions(settings: PostgresSettings): string {
  return [
    ...(settings.schema !== undefined ? [`-c search_path=${settings.schema}`] : []),
    ...(settings.readOnly === true ? ['-c default_transaction_read_only=on'] : []),
  ].join(' ');
}
