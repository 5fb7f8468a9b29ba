import { idempotencyStoreContract } from '@dealix/connector-core/testing';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openDatabase } from './openDatabase';
import { SqliteIdempotencyStore } from './sqliteIdempotencyStore';

const temp = useTempDatabases();

idempotencyStoreContract(() => new SqliteIdempotencyStore(temp.track(openDatabase(temp.file()))));

describe('SqliteIdempotencyStore', () => {
  const SCOPE = { tenant: 'acme', connector: 'stripe', operation: 'create_payment' };
  const T0 = 1_700_000_000_000;

  function begin(store: SqliteIdempotencyStore, key: string, ttlMs: number) {
    return store.begin({
      scope: SCOPE,
      key,
      payload_digest: 'sha256:aa',
      now: T0,
      lease_ms: 1_000,
      ttl_ms: ttlMs,
    });
  }

  it('prunes only the records past their expiry', async () => {
    const store = new SqliteIdempotencyStore(temp.track(openDatabase(temp.file())));
    await begin(store, 'short', 5_000);
    await begin(store, 'long', 50_000);
    expect(await store.pruneExpired(T0 + 5_000)).toBe(0);
    expect(await store.pruneExpired(T0 + 5_001)).toBe(1);
    expect(await store.get(SCOPE, 'long', T0 + 5_001)).toMatchObject({ key: 'long' });
    expect((await begin(store, 'short', 5_000)).outcome).toBe('started');
  });

  it('replays a null result as null and a call with no result as none', async () => {
    const store = new SqliteIdempotencyStore(temp.track(openDatabase(temp.file())));
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
