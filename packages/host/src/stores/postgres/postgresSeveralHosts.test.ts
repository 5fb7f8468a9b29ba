import { hasErrorCode } from '@dealix/connector-core';
import { auditEventFixture, rejectionOf } from '@dealix/connector-core/testing';
import { useTestPostgres } from '../../__fixtures__/postgres/testPostgres';
import { pendingApproval } from '../__fixtures__/approvalRecord';
import { applyPostgresMigrations } from './applyPostgresMigrations';
import { createPostgresStores } from './createPostgresStores';
import { DEFAULT_POSTGRES_SETTINGS, PostgresDatabase } from './postgresDatabase';
import { POSTGRES_MIGRATIONS } from './postgresMigrations';
import { postgresTarget } from './postgresTarget';

// Issue 17: what several hosts on one PostgreSQL must get right, store by store. Each "host"
// is a store set with a pool of its own on the same schema, as two processes would have.
const pg = useTestPostgres();
const T0 = 1_700_000_000_000;
const SCOPE = { tenant: 'acme', connector: 'stripe', operation: 'create_payment' };

async function twoHosts() {
  const schema = pg.newSchema();
  const [a, b] = await Promise.all([pg.openStores({ schema }), pg.openStores({ schema })]);
  return { schema, a: a!, b: b! };
}

function outboxEvent(id: string) {
  return {
    tenant: 'acme',
    connector: 'stripe',
    event_id: id,
    type: 'payment_succeeded',
    occurred_at: null,
    received_at: '2024-05-01T10:00:01.000Z',
    payload: { id },
  };
}

describe('several hosts on one PostgreSQL', () => {
  it('migrates once when hosts start at the same moment, and refuses a schema newer than it knows', async () => {
    const { schema } = await twoHosts();
    const applied = await pg.raw(schema, async (client) => {
      const { rows } = await client.query('SELECT version FROM schema_migrations ORDER BY version');
      return rows.map((r: { version: number }) => r.version);
    });
    expect(applied).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));

    await pg.raw(schema, (client) =>
      client.query("INSERT INTO schema_migrations VALUES (99, 'from the future', 'later')"),
    );
    const refused = await rejectionOf(pg.openStores({ schema }));
    expect(refused).toMatchObject({
      code: 'DLX_E_STORE_FAILURE',
      details: { reason: 'schema_too_new', found: 99, supported: POSTGRES_MIGRATIONS.length },
    });
  });

  it('lets exactly one of two hosts begin a key both send at once', async () => {
    const { a, b } = await twoHosts();
    const request = (host_id: string) => ({
      scope: SCOPE,
      key: 'order-1',
      payload_digest: 'sha256:aa',
      idempotent: false,
      now: T0,
      lease_ms: 30_000,
      ttl_ms: 86_400_000,
      holder: { host_id, boot_id: `${host_id}-boot` },
    });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? a : b).idempotency.begin(request(i % 2 === 0 ? 'host-a' : 'host-b')),
      ),
    );
    expect(results.filter((r) => r.outcome === 'started')).toHaveLength(1);
    const holder = results.find((r) => r.outcome === 'started')!.record.holder;
    for (const result of results) expect(result.record.holder).toEqual(holder);
    // The lease of a host that died converts on expiry, seen from the other host.
    const other = holder?.host_id === 'host-a' ? b : a;
    expect(await other.idempotency.get(SCOPE, 'order-1', T0 + 30_001)).toMatchObject({
      state: 'outcome_unknown',
      unknown_outcome_id: expect.stringMatching(/^uo_/),
    });
  });

  it('consumes a grant once when two hosts race to use it', async () => {
    const { a, b } = await twoHosts();
    await a.approvals.create({ ...pendingApproval('apr_1', T0), status: 'granted' });
    const uses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? a : b).approvals.transition('acme', 'apr_1', 'granted', {
          status: 'used',
          used_at: T0 + i,
          used_by_key: `key-${i}`,
        }),
      ),
    );
    expect(uses.filter(Boolean)).toHaveLength(1);
    const used = await b.approvals.get('acme', 'apr_1');
    expect(used).toMatchObject({ status: 'used', used_by_key: `key-${uses.indexOf(true)}` });
  });

  it('keeps one linear, verifiable chain while two hosts append at once, each in groups', async () => {
    const { a, b } = await twoHosts();
    const appended = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        (i % 2 === 0 ? a : b).audit.append(auditEventFixture(i + 1, { actor: `host-${i % 2}` })),
      ),
    );
    expect(appended.map((r) => r.seq).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 120 }, (_, i) => i + 1),
    );
    expect(await a.audit.verify()).toMatchObject({ ok: true, count: 120 });
    expect(await b.audit.head()).toEqual(await a.audit.head());
    // Group commit per host: far fewer transactions than records.
    for (const host of [a, b]) {
      const stats = await host.audit.groupCommitStats();
      expect(stats.records).toBe(60);
      expect(stats.transactions).toBeLessThan(60);
    }
  });

  it('never lets a consumer skip an event whose transaction commits after a later one', async () => {
    const { schema, a, b } = await twoHosts();
    // Host A's write is in flight: its row has the lower id, its transaction has not committed.
    let commitFirst!: () => Promise<unknown>;
    const held = pg.raw(schema, async (client) => {
      await client.query('BEGIN');
      await client.query(
        "INSERT INTO outbox_events (tenant, connector, event_id, type, received_at, payload) VALUES ('acme', 'stripe', 'evt_early', 'payment_succeeded', '2024-05-01T10:00:00.000Z', '{}')",
      );
      await new Promise<void>((resolve) => {
        commitFirst = async () => {
          await client.query('COMMIT');
          resolve();
        };
      });
    });
    for (let i = 0; i < 200 && commitFirst === undefined; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // Host B's write commits first, with the higher id.
    await b.outbox.append(outboxEvent('evt_late'));
    const seen: string[] = [];
    let after: string | undefined;
    const poll = async (store: typeof a.outbox) => {
      const page = await store.list('acme', after, 10);
      seen.push(...page.map((e) => e.event_id));
      if (page.length > 0) after = page.at(-1)!.cursor;
    };
    // A serial-id cursor would hand out evt_late now and step past evt_early for good.
    await poll(a.outbox);
    expect(seen).toEqual([]);
    await commitFirst();
    await held;
    await poll(b.outbox);
    await poll(a.outbox);
    expect(seen).toEqual(['evt_early', 'evt_late']);
  });

  it('sees every event exactly once while two hosts write a burst and a consumer polls', async () => {
    const { a, b } = await twoHosts();
    const seen: string[] = [];
    let after: string | undefined;
    let writing = true;
    const written = Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        (i % 2 === 0 ? a : b).outbox.append(outboxEvent(`evt_${i}`)),
      ),
    ).finally(() => (writing = false));
    const poll = async (n: number) => {
      const page = await (n % 2 === 0 ? a : b).outbox.list('acme', after, 20);
      seen.push(...page.map((e) => e.event_id));
      if (page.length > 0) after = page.at(-1)!.cursor;
      return page.length;
    };
    let polls = 0;
    while (writing) await poll(polls++);
    await written;
    while ((await poll(polls++)) > 0);
    expect(seen).toHaveLength(150);
    expect(new Set(seen).size).toBe(150);
  });

  it('orders positions as numbers: a transaction id with one more digit sorts after', async () => {
    // Rows of long-finished transactions (ids below any a fresh server hands out now).
    const { schema, a } = await twoHosts();
    await pg.raw(schema, (client) =>
      client.query(
        "INSERT INTO outbox_events (txid, tenant, connector, event_id, type, received_at) VALUES ('99', 'acme', 'stripe', 'evt_99', 't', 'x'), ('100', 'acme', 'stripe', 'evt_100', 't', 'x')",
      ),
    );
    const first = await a.outbox.list('acme', undefined, 1);
    expect(first.map((e) => e.event_id)).toEqual(['evt_99']);
    const next = await a.outbox.list('acme', first[0]!.cursor, 10);
    expect(next.map((e) => e.event_id)).toEqual(['evt_100']);
  });

  it('shares sync state: an update through one host is what the other serves', async () => {
    const { a, b } = await twoHosts();
    await Promise.all([
      a.syncState.update('acme', 'stripe', {
        kind: 'failure',
        at: '2024-05-01T10:00:00.000Z',
        code: 'DLX_E_VENDOR_TRANSIENT',
        message: 'x',
      }),
      b.syncState.update('acme', 'stripe', {
        kind: 'failure',
        at: '2024-05-01T10:00:01.000Z',
        code: 'DLX_E_VENDOR_TRANSIENT',
        message: 'y',
      }),
    ]);
    expect(await b.syncState.get('acme', 'stripe')).toMatchObject({ consecutive_failures: 2 });
    await b.syncState.update('acme', 'stripe', { kind: 'success', at: '2024-05-01T10:00:02.000Z' });
    expect(await a.syncState.get('acme', 'stripe')).toMatchObject({
      status: 'ok',
      last_success_at: '2024-05-01T10:00:02.000Z',
      consecutive_failures: 0,
    });
  });
});

describe('PostgreSQL errors', () => {
  it('never show the password: a refused login and a malformed URL', async () => {
    const password = 'Sup3r-Secret-Passw0rd';
    const url = pg
      .server()
      .url()
      .replace(/:[^:@/]+@/, `:${password}@`);
    const error = await rejectionOf(
      createPostgresStores(postgresTarget(url, 'database'), {
        auditKey: (await import('@dealix/connector-core/testing')).CONTRACT_AUDIT_KEY,
        settings: { ...DEFAULT_POSTGRES_SETTINGS, applicationName: 'test' },
      }),
    );
    expect(hasErrorCode(error, 'DLX_E_STORE_FAILURE')).toBe(true);
    expect(JSON.stringify(error)).not.toContain(password);
    expect((error as Error).message).toContain('127.0.0.1');

    const malformed = await rejectionOf(
      Promise.resolve().then(() =>
        postgresTarget(`postgres://u:${password}@host:port/db`, 'DLX_DATABASE'),
      ),
    );
    expect(malformed).toMatchObject({ code: 'DLX_E_CONFIG_INVALID' });
    expect(JSON.stringify(malformed) + (malformed as Error).message).not.toContain(password);
  });

  it('scrubs the password from a driver error that echoes it', () => {
    const password = 'echoed-Passw0rd';
    const db = new PostgresDatabase(
      postgresTarget(`postgres://app:${password}@db.internal:5432/dealix`, 'database'),
      { ...DEFAULT_POSTGRES_SETTINGS, applicationName: 'test' },
      () => undefined,
    );
    const failure = db.failure(
      'audit',
      'append',
      new Error(`connect to postgres://app:${password}@db.internal failed`),
    );
    expect(failure.message).not.toContain(password);
    expect(JSON.stringify({ ...failure.toJSON(), cause: failure.cause })).not.toContain(password);
    expect(failure.details).toMatchObject({ database: 'postgres://app@db.internal:5432/dealix' });
    return db.close();
  });

  it('ends a statement that runs past statement_timeout_ms with a coded error', async () => {
    const db = new PostgresDatabase(
      postgresTarget(pg.server().url(), 'database'),
      { ...DEFAULT_POSTGRES_SETTINGS, statementTimeoutMs: 50, applicationName: 'test' },
      () => undefined,
    );
    try {
      const error = await rejectionOf(db.query('audit', 'wait', 'SELECT pg_sleep(5)'));
      expect(error).toMatchObject({
        code: 'DLX_E_STORE_FAILURE',
        details: { pg_code: '57014', reason: 'statement_timeout' },
      });
    } finally {
      await db.close();
    }
  });
});

// Keeps the migration runner honest about its own numbering.
it('refuses misnumbered migrations before touching the database', async () => {
  const db = new PostgresDatabase(
    postgresTarget(pg.server().url(), 'database'),
    { ...DEFAULT_POSTGRES_SETTINGS, applicationName: 'test' },
    () => undefined,
  );
  try {
    const error = await rejectionOf(
      applyPostgresMigrations(db, [{ version: 2, name: 'skips one', sql: 'SELECT 1' }]),
    );
    expect(error).toMatchObject({ details: { reason: 'migrations_misnumbered' } });
  } finally {
    await db.close();
  }
});
