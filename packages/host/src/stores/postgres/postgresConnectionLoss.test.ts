import { isDlxError, type DlxError } from '@dealix/connector-core';
import { useTestPostgres } from '../../__fixtures__/postgres/testPostgres';
import { DEFAULT_POSTGRES_SETTINGS, PostgresDatabase } from './postgresDatabase';
import { postgresTarget } from './postgresTarget';

// Outsider finding h4-F1: a connection the server ended while a transaction held it emitted an
// 'error' event nobody listened to, and the host process exited (a failover, a restart, a DBA's
// pg_terminate_backend). The transaction must fail as DLX_E_STORE_FAILURE and the pool go on.
const pg = useTestPostgres();
const APPLICATION = 'dealix-connectors connection-loss test';

describe('PostgreSQL connections the server ends while a transaction holds them', () => {
  let db: PostgresDatabase;
  const idleErrors: DlxError[] = [];

  beforeEach(() => {
    db = new PostgresDatabase(
      postgresTarget(pg.server().url(), 'test'),
      { ...DEFAULT_POSTGRES_SETTINGS, applicationName: APPLICATION },
      (error) => idleErrors.push(error),
    );
  });
  afterEach(() => db.close());

  /** Ends every backend of the pool under test, as a DBA or a failover would. */
  const terminateBackends = () =>
    pg.raw('public', (client) =>
      client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [APPLICATION],
      ),
    );
  const failureOf = async (work: Promise<unknown>): Promise<DlxError> => {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isDlxError(error)) throw new Error(`expected a DlxError, got ${String(error)}`);
    return error;
  };

  it('fails a transaction whose statement was running, and the next one gets a new connection', async () => {
    const running = db.transaction('audit', 'append', (client) =>
      client.query('SELECT pg_sleep(5)'),
    );
    await waitForBackend();
    await terminateBackends();
    const error = await failureOf(running);
    expect(error.code).toBe('DLX_E_STORE_FAILURE');
    expect(error.details).toMatchObject({ store: 'audit', action: 'append' });
    const after = await db.transaction('audit', 'append', (client) =>
      client.query<{ one: number }>('SELECT 1 AS one'),
    );
    expect(after.rows).toEqual([{ one: 1 }]);
  });

  it('fails a transaction whose connection ended between its statements', async () => {
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    let began!: () => void;
    const begun = new Promise<void>((resolve) => (began = resolve));
    const waiting = db.transaction('idempotency', 'complete', async (client) => {
      await client.query('SELECT 1');
      began();
      await paused; // the connection is checked out with no statement in flight
      return client.query('SELECT 2');
    });
    await begun;
    await terminateBackends();
    // The server's notice reaches the client while it holds no statement.
    await new Promise((resolve) => setTimeout(resolve, 200));
    resume();
    expect((await failureOf(waiting)).code).toBe('DLX_E_STORE_FAILURE');
    expect((await db.query('idempotency', 'read', 'SELECT 3 AS three')).rows).toEqual([
      { three: 3 },
    ]);
  });

  it('loses no process to many transactions cut at once', async () => {
    const inFlight = Array.from({ length: 8 }, (_, i) =>
      db.transaction('audit', 'append', (client) => client.query(`SELECT pg_sleep(${2 + i / 10})`)),
    );
    await waitForBackend(8);
    await terminateBackends();
    const outcomes = await Promise.allSettled(inFlight);
    expect(outcomes.map((o) => o.status)).toEqual(Array(8).fill('rejected'));
    expect((await db.query('audit', 'read', 'SELECT 4 AS four')).rows).toEqual([{ four: 4 }]);
  });

  /** Resolves once `count` backends of the pool run a statement. */
  async function waitForBackend(count = 1): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await pg.raw('public', (client) =>
        client.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'",
          [APPLICATION],
        ),
      );
      if (Number(rows[0]!.n) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`fewer than ${count} backends became active`);
  }
});
