import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SpawnedHost } from '@dealix/connector-testkit';
import { AUDIT_KEY_B64, FIXTURE_WORKSPACE, TOKENS } from './__fixtures__/hostHarness';
import { runCli } from './__fixtures__/runCli';
import { removeSpawnedHost, spawnHarnessHost } from './__fixtures__/spawnHarnessHost';

// Issue 11 item 8: every durable SQLite commit ran on the host's main thread, so under 200
// connections of unique calls /healthz took 1.6-11 s, and a commit waiting for the database
// (a backup, a second process, a slow disk) stopped the whole host.
const CHARGE = '/api/v1/tenants/acme/connectors/good_ledger/operations/charge';
const CONNECTIONS = 200;
const CALLS_PER_CONNECTION = 3;

type Settled = { what: string; status: number };

describe('the event loop stays free while the stores are saturated', () => {
  let host: SpawnedHost;
  beforeAll(async () => {
    // The host in its own process: its event loop is not the test's.
    host = await spawnHarnessHost({
      cwd: FIXTURE_WORKSPACE,
      config: {
        tenants: { acme: { connectors: { good_ledger: {} } } },
        loader: { allow: ['good_ledger'] },
        // Room for a loaded machine: this test is about the event loop, not client timeouts.
        limits: {
          header_timeout_ms: 60_000,
          request_timeout_ms: 120_000,
          keep_alive_timeout_ms: 120_000,
        },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await removeSpawnedHost(host);
  });

  it('answers /healthz and /board with 200 during a burst of 200 connections of unique calls, while no commit can land, before the burst completes', async () => {
    const settled: Settled[] = [];
    // A connection the host reset counts as an answer with status 0.
    const request = (what: string, path: string, init: RequestInit = {}) =>
      fetch(`${host.url}${path}`, init)
        .then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        })
        .catch(() => 0)
        .then((status) => {
          settled.push({ what, status });
          return status;
        });
    const charge = (key: string) =>
      request('call', CHARGE, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKENS.alice}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify({ amount: 100 }),
      });
    const burst = Array.from({ length: CONNECTIONS }, async (_, connection) => {
      const statuses: number[] = [];
      for (let n = 0; n < CALLS_PER_CONNECTION; n++) {
        statuses.push(await charge(`burst-${connection}-${n}`));
      }
      return statuses;
    });
    const calls = () => settled.filter((s) => s.what === 'call');
    // The burst is under way: calls are completing, and most are still to come.
    while (calls().length === 0) await new Promise((r) => setTimeout(r, 5));

    // A second connection takes the database's write lock, as a backup or another process
    // would: from now on no commit can land until it lets go.
    const holder = new Database(join(host.dir, 'host.db'), { timeout: 10_000 });
    holder.exec('BEGIN IMMEDIATE');
    const viewer = { headers: { authorization: `Bearer ${TOKENS.vic}` } };
    const healthz = request('healthz', '/healthz', viewer);
    const board = request('board', '/board', viewer);
    // Let go once /healthz answered, or once a call failed: a host whose commits block its
    // event loop stalls on the lock until it gives up on a commit, and answers only then.
    let healthzWhileLocked = false;
    let failedCallsBeforeHealthz = -1;
    const failedCalls = () => calls().filter((s) => s.status !== 200).length;
    void healthz.then(() => {
      healthzWhileLocked = true;
      failedCallsBeforeHealthz = failedCalls();
    });
    while (!healthzWhileLocked && failedCalls() === 0) await new Promise((r) => setTimeout(r, 5));
    const unansweredCalls = CONNECTIONS * CALLS_PER_CONNECTION - calls().length;
    holder.exec('COMMIT');
    holder.close();

    const statuses = (await Promise.all(burst)).flat();
    expect({
      healthz: await healthz,
      board: await board,
      healthzWhileLocked,
      failedCallsBeforeHealthz,
    }).toEqual({ healthz: 200, board: 200, healthzWhileLocked: true, failedCallsBeforeHealthz: 0 });
    expect(unansweredCalls).toBeGreaterThan(0);
    // /board reads the stores, so it waits for the lock like the calls; it still answers before
    // the burst completes (the last call's answer comes after it).
    const order = settled.map((s) => s.what);
    expect(order.indexOf('board')).toBeLessThan(order.lastIndexOf('call'));
    const byStatus = (list: number[]) =>
      Object.fromEntries([...new Set(list)].map((s) => [s, list.filter((x) => x === s).length]));
    expect(byStatus(statuses)).toEqual({ 200: CONNECTIONS * CALLS_PER_CONNECTION });

    // Nothing was acknowledged before it was durable, and the chain holds every call.
    await host.stop();
    const database = join(host.dir, 'host.db');
    const io = { env: { DLX_AUDIT_KEY: AUDIT_KEY_B64 }, cwd: host.dir };
    expect((await runCli(['audit', 'verify', '--database', database], io)).code).toBe(0);
    const listed = await runCli(
      ['audit', 'list', '-t', 'acme', '--limit', '10000', '--json', '--database', database],
      io,
    );
    const charged = (JSON.parse(listed.out) as Array<{ event: string; idempotency_key: string }>)
      .filter((r) => r.event === 'charged')
      .map((r) => r.idempotency_key);
    expect(new Set(charged).size).toBe(CONNECTIONS * CALLS_PER_CONNECTION);
  }, 120_000);
});
