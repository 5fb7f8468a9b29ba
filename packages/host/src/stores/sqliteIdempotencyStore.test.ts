import { idempotencyStoreContract } from '@dealix/connector-core/testing';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openWorkerStores } from './__fixtures__/workerStores';
import Database from 'better-sqlite3';
import { applyMigrations } from './applyMigrations';
import type { SqliteIdempotencyStore } from './createSqliteStores';
import { SCHEMA_MIGRATIONS } from './migrations';

const temp = useTempDatabases();

idempotencyStoreContract(async () => (await openWorkerStores(temp)).idempotency);

describe('SqliteIdempotencyStore', () => {
  const SCOPE = { tenant: 'acme', connector: 'stripe', operation: 'create_payment' };
  const T0 = 1_700_000_000_000;

  function begin(store: SqliteIdempotencyStore, key: string, ttlMs: number) {
    return store.begin({
      scope: SCOPE,
      key,
      payload_digest: 'sha256:aa',
      idempotent: false,
      holder: { host_id: 'host-a', boot_id: 'boot-1' },
      now: T0,
      lease_ms: 1_000,
      ttl_ms: ttlMs,
    });
  }

  it('gives unknown outcomes recorded before migration 3 an id a person can resolve', async () => {
    const file = temp.file();
    const old = new Database(file);
    applyMigrations(old, SCHEMA_MIGRATIONS.slice(0, 1));
    old
      .prepare(
        'INSERT INTO idempotency_records (tenant, connector, operation, key, payload_digest, ' +
          "state, created_at, lease_expires_at, expires_at) VALUES ('acme', 'stripe', " +
          "'create_payment', 'old-key', 'sha256:aa', 'outcome_unknown', ?, ?, ?)",
      )
      .run(T0, T0 + 1_000, T0 + 5_000);
    old.close();
    const store = (await openWorkerStores(temp, file)).idempotency;
    const listed = await store.listUnknownOutcomes('acme', T0 + 10 * 86_400_000);
    expect(listed).toMatchObject([
      {
        key: 'old-key',
        state: 'outcome_unknown',
        idempotent: false,
        unknown_outcome_id: expect.stringMatching(/^uo_[0-9a-f]{24}$/),
        unknown_at: T0,
      },
    ]);
  });

  it('replays a null result as null and a call with no result as none', async () => {
    const store = (await openWorkerStores(temp)).idempotency;
    await begin(store, 'null-result', 50_000);
    await begin(store, 'no-result', 50_000);
    await store.complete(SCOPE, 'null-result', null);
    await store.complete(SCOPE, 'no-result', undefined);
    expect((await store.get(SCOPE, 'null-result', T0))?.result).toBeNull();
    const none = await store.get(SCOPE, 'no-result', T0);
    expect(none?.state).toBe('completed');
    expect(none && 'result' in none).toBe(false);
  });
});
