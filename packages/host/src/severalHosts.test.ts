import { spawnHost, type GenericSimulator, type SpawnedHost } from '@dealix/connector-testkit';
import {
  spawnEmbeddedPostgres,
  type EmbeddedPostgresServer,
} from './__fixtures__/postgres/spawnEmbeddedPostgres';
import pg from 'pg';
import { AUDIT_KEY_B64, FIXTURE_WORKSPACE, TOKENS, startHarness } from './__fixtures__/hostHarness';
import { postJson, type Answer } from './__fixtures__/postJson';
import { HOST_CLI } from './__fixtures__/spawnHarnessHost';
import {
  OutboxConsumer,
  severalHostsConfig,
  severalHostsEnv,
  startOrdersVendor,
} from './__fixtures__/severalHosts';
import { main } from './cli/main';

// Issue 17, must show: two host processes on one PostgreSQL. 200 concurrent calls spread across
// both with 50 repeated keys -> one side effect per distinct key; a grant made on one, used on
// the other, refused on its second use; `audit verify` exit 0 after the burst; a host killed
// with SIGKILL mid-call -> its keys become unknown and the other host serves on; an outbox
// consumer polling throughout saw every event exactly once.
const ORDER = '/api/v1/tenants/acme/connectors/good_orders/operations/create_order';
/** The same order with a 2 s deadline: a dead holder's lease lapses 3 s after its call. */
const EXPRESS = '/api/v1/tenants/acme/connectors/good_orders/operations/create_express_order';
const PAY = '/api/v1/tenants/acme/connectors/good_payments/operations/pay';
const WEBHOOK_SECRET = 'whsec_several_hosts_0123456789abcdef';
const DISTINCT = 150;
const REPEATS = 50;

describe('two hosts on one PostgreSQL', () => {
  let server: EmbeddedPostgresServer;
  let databaseUrl: string;
  let vendor: GenericSimulator;
  const orders = new Map<string, number>();
  let hosts: SpawnedHost[] = [];
  let consumer: OutboxConsumer;

  beforeAll(async () => {
    server = await spawnEmbeddedPostgres();
    databaseUrl = await server.createDatabase('several_hosts');
    vendor = await startOrdersVendor(orders);
    const config = severalHostsConfig(vendor.baseUrl);
    const env = (hostId: string) => severalHostsEnv(hostId, databaseUrl, WEBHOOK_SECRET);
    // Both start at once: the migrations run once, under the advisory lock.
    hosts = await Promise.all(
      ['host-a', 'host-b'].map((id) =>
        spawnHost({
          cli: HOST_CLI,
          cwd: FIXTURE_WORKSPACE,
          config,
          env: env(id),
          readyTimeoutMs: 90_000,
        }),
      ),
    );
    consumer = new OutboxConsumer(() => hosts.map((h) => h.url), TOKENS.vic);
  }, 180_000);

  afterAll(async () => {
    consumer?.stop();
    await Promise.all(hosts.map((h) => h.remove()));
    await vendor?.stop();
    await server?.stop();
  }, 60_000);

  const [a, b] = [() => hosts[0]!, () => hosts[1]!];
  const order = (host: SpawnedHost, key: string, path = ORDER) =>
    postJson(`${host.url}${path}`, TOKENS.alice, { item: `widget-${key}`, quantity: 1 }, key);

  it('starts both hosts on the shared database, each naming itself, the password nowhere', async () => {
    for (const [host, id] of [
      [a(), 'host-a'],
      [b(), 'host-b'],
    ] as const) {
      const ready = await fetch(`${host.url}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready', host_id: id });
      expect(host.output()).toContain(
        `database: PostgreSQL postgres://postgres@127.0.0.1:${server.port}/`,
      );
      expect(host.output()).not.toContain(server.password);
    }
  });

  it('makes one vendor call per distinct key across 200 concurrent calls on both hosts, while webhooks land in the outbox', async () => {
    consumer.start();
    const deliveries = consumer.deliverEvents(WEBHOOK_SECRET, 40);
    const keys = Array.from({ length: DISTINCT }, (_, i) => `order-${i}`);
    const repeated = Array.from({ length: REPEATS }, (_, i) => keys[(i * 3) % DISTINCT]!);
    const calls = [...keys, ...repeated].map((key, i) => order(i % 2 === 0 ? a() : b(), key));
    const answers = await Promise.all(calls);
    await deliveries;

    expect([...orders.keys()].sort()).toEqual([...keys].sort());
    expect([...orders.values()].every((n) => n === 1)).toBe(true);
    // Every answer is the order its key created; a duplicate that outwaited its deadline
    // would be told DLX_E_IDEMPOTENCY_IN_PROGRESS, never sent again.
    const byKey = new Map<string, Answer[]>();
    [...keys, ...repeated].forEach((key, i) =>
      byKey.set(key, [...(byKey.get(key) ?? []), answers[i]!]),
    );
    for (const [key, got] of byKey) {
      const ok = got.filter((answer) => answer.status === 200);
      expect({
        key,
        others: got.filter((x) => x.status !== 200 && x.code !== 'DLX_E_IDEMPOTENCY_IN_PROGRESS'),
      }).toEqual({ key, others: [] });
      expect(new Set(ok.map((answer) => JSON.stringify(answer.body.output)))).toHaveProperty(
        'size',
        1,
      );
    }

    // The board: the same sync state from both hosts, each naming itself as the breaker's view.
    const boards = await Promise.all(
      [a(), b()].map(async (host) => {
        const res = await fetch(`${host.url}/api/v1/connectors/governance?tenant=acme`, {
          headers: { authorization: `Bearer ${TOKENS.vic}` },
        });
        return (await res.json()) as {
          host_id: string;
          tenants: { connectors: { connector_key: string; last_success_at: string | null }[] }[];
        };
      }),
    );
    expect(boards.map((board) => board.host_id)).toEqual(['host-a', 'host-b']);
    const lastSuccess = boards.map(
      (board) =>
        board.tenants[0]!.connectors.find((c) => c.connector_key === 'good_orders')!
          .last_success_at,
    );
    expect(lastSuccess[0]).not.toBeNull();
    expect(lastSuccess[1]).toBe(lastSuccess[0]);
  }, 180_000);

  it('lets a grant made through one host be used through the other by its own call once, even when both race', async () => {
    // Asked without a key (pay is idempotent): the call runs under a key made for it, which the
    // 202 echoes, and the grant is bound to that key.
    const asked = await postJson(`${a().url}${PAY}`, TOKENS.alice, {
      amount: 42,
      payer_email: 'pat@example.com',
    });
    expect(asked.status).toBe(202);
    const approval = asked.body.approval_id as string;
    const key = asked.body.idempotency_key as string;
    expect(key).toMatch(/^dlx_/);
    const granted = await postJson(
      `${a().url}/api/v1/tenants/acme/approvals/${approval}/grant`,
      TOKENS.bob,
    );
    expect(granted.status).toBe(200);
    const body = { amount: 42, payer_email: 'pat@example.com' };
    // The requester's repeat reaches both hosts at once: one runs it, the other shares its answer.
    const race = await Promise.all([
      postJson(`${b().url}${PAY}?approval_id=${approval}`, TOKENS.alice, body, key),
      postJson(`${a().url}${PAY}?approval_id=${approval}`, TOKENS.alice, body, key),
    ]);
    expect(race.map((answer) => answer.status)).toEqual([200, 200]);
    expect(race[0]!.body.output).toEqual(race[1]!.body.output);
    expect(race.map((answer) => answer.body.replayed as boolean).sort()).toEqual([false, true]);
    // Any other call (another key, or none: a fresh one) cannot spend the grant.
    for (const other of ['pay-3', undefined]) {
      const again = await postJson(
        `${b().url}${PAY}?approval_id=${approval}`,
        TOKENS.alice,
        body,
        other,
      );
      expect({ status: again.status, code: again.code }).toEqual({
        status: 403,
        code: 'DLX_E_APPROVAL_MISMATCH',
      });
    }
  }, 60_000);

  it('verifies the audit chain both hosts wrote, from the CLI', async () => {
    const { code, out } = await cli(['audit', 'verify']);
    expect({ code, out }).toMatchObject({
      code: 0,
      out: expect.stringContaining('audit log intact'),
    });
  }, 60_000);

  it('keeps serving on one host when the other is killed mid-call; the dead host’s keys become unknown there', async () => {
    const doomed = Array.from({ length: 6 }, (_, i) => `doomed-${i}`);
    const inFlight = doomed.map((key) => order(b(), key, EXPRESS).catch(() => null));
    for (
      let i = 0;
      i < 1_000 &&
      vendor
        .requestsTo('orders.create')
        .filter((r) => r.headers['idempotency-key']?.startsWith('doomed-')).length < doomed.length;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await b().kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    await Promise.all(inFlight);

    // Host A serves on.
    const after = await Promise.all(
      Array.from({ length: 10 }, (_, i) => order(a(), `after-kill-${i}`)),
    );
    expect(after.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    // Once their leases lapse (deadline + lease_margin_ms), host A lists the dead host's keys as
    // unknown outcomes and refuses to send them again.
    let unknown: { idempotency_key: string }[] = [];
    for (let i = 0; i < 300; i++) {
      const res = await fetch(`${a().url}/api/v1/tenants/acme/unknown-outcomes`, {
        headers: { authorization: `Bearer ${TOKENS.vic}` },
      });
      unknown = ((await res.json()) as { unknown_outcomes: { idempotency_key: string }[] })
        .unknown_outcomes;
      if (unknown.length >= doomed.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(unknown.map((u) => u.idempotency_key).sort()).toEqual(doomed);
    const repeat = await order(a(), 'doomed-0', EXPRESS);
    expect({ status: repeat.status, code: repeat.code }).toEqual({
      status: 409,
      code: 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN',
    });
    // The vendor acted once for each of them (it finished what had reached it).
    for (let i = 0; i < 600 && doomed.some((key) => orders.get(key) !== 1); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const key of doomed) expect({ key, n: orders.get(key) }).toEqual({ key, n: 1 });

    // The outbox consumer, polling since the burst started (host B while it lived), saw every
    // delivered event exactly once.
    await consumer.deliverEvents(WEBHOOK_SECRET, 10, 'late');
    const seen = await consumer.drain();
    expect(seen.duplicates).toEqual([]);
    expect([...seen.ids].sort()).toEqual([...consumer.delivered].sort());

    const { code, out } = await cli(['audit', 'verify']);
    expect({ code, out }).toMatchObject({
      code: 0,
      out: expect.stringContaining('audit log intact'),
    });
  }, 180_000);

  it('lets a load balancer drain one host (/readyz 503) while the other serves', async () => {
    await b().restart();
    const inFlight = order(a(), 'draining-1');
    for (
      let i = 0;
      i < 500 &&
      vendor
        .requestsTo('orders.create')
        .every((r) => r.headers['idempotency-key'] !== 'draining-1');
      i++
    ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const stopped = a().kill('SIGTERM');
    let readyA: Answer | undefined;
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${a().url}/readyz`).catch(() => null);
      if (res?.status === 503) {
        readyA = { status: 503, body: await res.json() };
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(readyA).toMatchObject({
      status: 503,
      body: { error: { code: 'DLX_E_RUNTIME_SHUTTING_DOWN', details: { host_id: 'host-a' } } },
    });
    expect(await (await fetch(`${b().url}/readyz`)).json()).toEqual({
      status: 'ready',
      host_id: 'host-b',
    });
    expect((await order(b(), 'served-by-b')).status).toBe(200);
    // The call in flight on the draining host still finishes.
    expect((await inFlight).status).toBe(200);
    expect(await stopped).toMatchObject({ code: 0 });
  }, 120_000);

  it('names the first altered record of the PostgreSQL chain, and needs the key to verify it', async () => {
    expect((await cli(['audit', 'verify'], { DLX_AUDIT_KEY: '' })).code).toBe(2);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // Someone with database rights, but not DLX_AUDIT_KEY, edits record 5.
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
      await client.query(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 5`);
    } finally {
      await client.end();
    }
    const { code, out } = await cli(['audit', 'verify']);
    expect({ code, out }).toMatchObject({
      code: 1,
      out: expect.stringContaining('record 5: hash does not match its contents (altered)'),
    });
  }, 60_000);

  it('refuses to start on a wrong password, naming the database but never the password', async () => {
    const wrong = 'Wr0ng-Passw0rd-Value';
    const url = databaseUrl.replace(`:${server.password}@`, `:${wrong}@`);
    const error = await startHarness({
      tenants: { acme: { connectors: { good_echo: {} } } },
      extraConfig: { database: { env: 'APP_DATABASE' } },
      env: { APP_DATABASE: url },
    }).then(
      () => undefined,
      (thrown: unknown) => thrown as Error & { code?: string },
    );
    expect(error).toMatchObject({ code: 'DLX_E_STORE_FAILURE' });
    expect(error!.message).toContain(`postgres://postgres@127.0.0.1:${server.port}/`);
    expect(`${error!.message}${JSON.stringify(error)}`).not.toContain(wrong);
  }, 60_000);

  async function cli(
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await main(args, {
      out: (t) => lines.push(t),
      err: (t) => lines.push(t),
      env: { DLX_DATABASE: databaseUrl, DLX_AUDIT_KEY: AUDIT_KEY_B64, ...env },
      cwd: a().dir,
    });
    return { code, out: lines.join('\n') };
  }
});
