import Database from 'better-sqlite3';
import { auditEventFixture } from '@dealix/connector-core/testing';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openWorkerStores } from './__fixtures__/workerStores';

const temp = useTempDatabases();
const AT1 = '2024-05-01T10:00:00.000Z';
const AT2 = '2024-05-01T10:01:00.000Z';
const failure = (at: string) =>
  ({ kind: 'failure', at, code: 'DLX_E_VENDOR_TRANSIENT', message: '503' }) as const;

/** The committed sync_state rows, read by a connection of its own (what a crash would leave). */
function committedRows(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        'SELECT tenant, connector, status, consecutive_failures FROM sync_state ORDER BY connector',
      )
      .all();
  } finally {
    db.close();
  }
}

describe('the SQLite sync state, written behind', () => {
  it('rides with the next batch of any store: committed once that batch answered', async () => {
    const file = temp.file();
    const stores = await openWorkerStores(temp, file);
    await stores.syncState.update('acme', 'stripe', { kind: 'success', at: AT1 });
    await stores.audit.append(auditEventFixture(1));
    expect(committedRows(file)).toEqual([
      { tenant: 'acme', connector: 'stripe', status: 'ok', consecutive_failures: 0 },
    ]);
  });

  it('is committed by flush() when no other call comes, and seen by get and list at once', async () => {
    const file = temp.file();
    const stores = await openWorkerStores(temp, file);
    const state = await stores.syncState.update('acme', 'cal', failure(AT1));
    expect(await stores.syncState.get('acme', 'cal')).toEqual(state);
    expect(await stores.syncState.list('acme')).toEqual([state]);
    await stores.syncState.flush();
    expect(committedRows(file)).toEqual([
      { tenant: 'acme', connector: 'cal', status: 'degraded', consecutive_failures: 1 },
    ]);
  });

  it('continues from the committed row after a restart, applying concurrent updates in call order', async () => {
    const file = temp.file();
    const first = await openWorkerStores(temp, file);
    await first.syncState.update('acme', 'stripe', failure(AT1));
    await first.syncState.update('acme', 'email', { kind: 'success', at: AT1 });
    await first.close();

    const second = await openWorkerStores(temp, file);
    const states = await Promise.all([
      second.syncState.update('acme', 'stripe', failure(AT2)),
      second.syncState.update('acme', 'stripe', failure(AT2)),
      second.syncState.update('acme', 'stripe', { kind: 'status', status: 'error' }),
    ]);
    expect(states.map((s) => [s.status, s.consecutive_failures])).toEqual([
      ['degraded', 2],
      ['degraded', 3],
      ['error', 3],
    ]);
    // The committed row of `email` and this host's newer view of `stripe`, in one ordered list.
    expect(
      (await second.syncState.list()).map((s) => [s.connector, s.status, s.consecutive_failures]),
    ).toEqual([
      ['email', 'ok', 0],
      ['stripe', 'error', 3],
    ]);
    await second.close();
    expect(committedRows(file)).toEqual([
      { tenant: 'acme', connector: 'email', status: 'ok', consecutive_failures: 0 },
      { tenant: 'acme', connector: 'stripe', status: 'error', consecutive_failures: 3 },
    ]);
  });

  it('hands out copies: changing an answer changes nothing stored', async () => {
    const stores = await openWorkerStores(temp);
    const state = await stores.syncState.update('acme', 'cal', failure(AT1));
    state.last_error!.code = 'changed';
    state.consecutive_failures = 99;
    expect(await stores.syncState.get('acme', 'cal')).toMatchObject({
      consecutive_failures: 1,
      last_error: { code: 'DLX_E_VENDOR_TRANSIENT' },
    });
  });
});
