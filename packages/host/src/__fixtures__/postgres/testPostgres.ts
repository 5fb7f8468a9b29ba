import { CONTRACT_AUDIT_KEY } from '@dealix/connector-core/testing';
import type { AuditChainKey } from '@dealix/connector-core';
import pg from 'pg';
import {
  createPostgresStores,
  type PostgresStores,
} from '../../stores/postgres/createPostgresStores';
import { DEFAULT_POSTGRES_SETTINGS } from '../../stores/postgres/postgresDatabase';
import { postgresTarget } from '../../stores/postgres/postgresTarget';
import { spawnEmbeddedPostgres, type EmbeddedPostgresServer } from './spawnEmbeddedPostgres';

export interface TestPostgres {
  server(): EmbeddedPostgresServer;
  /** A schema of its own in the test database (fresh and empty), for one set of stores. */
  newSchema(): string;
  /**
   * Stores closed after the test: on `schema` when given (migrated on first use), else on the
   * file's shared schema, emptied first (TRUNCATE: much quicker than migrating a new schema).
   */
  openStores(options?: { schema?: string; auditKey?: AuditChainKey }): Promise<PostgresStores>;
  /** The shared schema openStores() empties and reuses. */
  readonly sharedSchema: string;
  /** A raw connection to the test database with `schema` first on its search_path. */
  raw<T>(schema: string, use: (client: pg.Client) => Promise<T>): Promise<T>;
}

/**
 * One real PostgreSQL for this test file (started before its first test, stopped after its
 * last), with a schema per store set so tests never see each other's rows: a schema takes a
 * few milliseconds where a database takes a few hundred.
 */
export function useTestPostgres(): TestPostgres {
  let server: EmbeddedPostgresServer | undefined;
  let schemas = 0;
  const sharedSchema = `shared_${process.pid}`;
  let sharedReady = false;
  const open: PostgresStores[] = [];
  beforeAll(async () => {
    server = await spawnEmbeddedPostgres();
  }, 120_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((stores) => stores.close().catch(() => undefined)));
  });
  afterAll(async () => {
    await server?.stop();
  }, 60_000);
  const running = () => {
    if (server === undefined) throw new Error('the test PostgreSQL has not started');
    return server;
  };
  // As a DBA resetting a test database would: the append-only guard lifted for the TRUNCATE.
  const emptySharedSchema = () =>
    raw(sharedSchema, async (client) => {
      await client.query(
        'ALTER TABLE audit_log DISABLE TRIGGER USER; ' +
          'TRUNCATE audit_log, idempotency_records, approvals, sync_state, outbox_events, call_links; ' +
          'ALTER TABLE audit_log ENABLE TRIGGER USER',
      );
    });
  async function raw<T>(schema: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({
      connectionString: running().url(),
      options: `-c search_path=${schema}`,
    });
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  }
  return {
    server: running,
    newSchema: () => `t${process.pid}_${++schemas}`,
    sharedSchema,
    async openStores(options = {}) {
      const schema = options.schema ?? sharedSchema;
      if (schema === sharedSchema && sharedReady) await emptySharedSchema();
      const stores = await createPostgresStores(postgresTarget(running().url(), 'test'), {
        auditKey: options.auditKey ?? CONTRACT_AUDIT_KEY,
        settings: {
          ...DEFAULT_POSTGRES_SETTINGS,
          schema,
          applicationName: 'dealix-connectors tests',
        },
      });
      if (schema === sharedSchema) sharedReady = true;
      open.push(stores);
      return stores;
    },
    raw,
  };
}
