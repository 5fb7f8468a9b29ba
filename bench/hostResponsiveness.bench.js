// Is the host's event loop free while its stores are busy? A burst of unique calls (each one an
// idempotency record, a sync-state update and a hash-chained audit record, durable under
// synchronous=FULL) over 200 keep-alive connections, with /healthz and /board probed one after
// another throughout. Reports p50/p99 of the probes, the probes' idle floor, and calls/s of the
// burst. The host runs in its own process (the testkit's spawnHost), as an operator runs it.
//
//   npm run bench -- hostResponsiveness
//       the built host of this checkout ("after"), beside the committed "before" measurement
//   DLX_BENCH_BEFORE_CLI=<a build of the base>/packages/host/bin/dealix-connectors.js \
//   DLX_BENCH_BEFORE_COMMIT=<its commit> npm run bench -- hostResponsiveness
//       measures that build first and this one right after it, in the same run, and keeps the
//       first as the committed "before" (host-responsiveness-before.json)
const { performance } = require('node:perf_hooks');
const { execFileSync } = require('node:child_process');
const { readFileSync, rmSync, writeFileSync, existsSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');
const { spawnHost } = require('@dealix/connector-testkit');
const { machine, percentile, postBurst, probeUntil } = require('./httpLoad');

const ROOT = join(__dirname, '..');
const WORKSPACE = join(ROOT, 'packages', 'host', 'src', '__fixtures__', 'workspace');
const CHARGE = '/api/v1/tenants/acme/connectors/good_ledger/operations/charge';
const CONNECTIONS = 200;
const CALLS = 3000;
const WARMUP_CALLS = 400;
const IDLE_PROBES = 200;
const TOKEN = 'tok_bench_operator_all_tenants_0123456789abcdef';
const REPORTS = join(__dirname, 'reports');

/** Latencies of `samples`; with `since`, when the first of them answered (s after it). */
function summary(samples, since) {
  const ms = samples.map((s) => s.ms);
  const round = (v) => (v === null ? null : Math.round(v * 10) / 10);
  const answered = samples.filter((s) => s.status === 200).map((s) => s.at);
  return {
    samples: ms.length,
    ...(since !== undefined && {
      first_answer_s: answered.length
        ? Math.round((Math.min(...answered) - since) / 10) / 100
        : null,
    }),
    p50_ms: round(percentile(ms, 50)),
    p99_ms: round(percentile(ms, 99)),
    max_ms: round(ms.length ? Math.max(...ms) : null),
    non_200: samples.filter((s) => s.status !== 200).length,
  };
}

/** `calls` unique charges spread over CONNECTIONS connections; resolves when all answered. */
function burst(url, prefix, calls) {
  const body = JSON.stringify({ amount: 100 });
  return postBurst({
    urls: [url],
    path: CHARGE,
    token: TOKEN,
    body,
    connections: CONNECTIONS,
    prefix,
    calls,
  });
}

const probe = (url, path, done) => probeUntil(url, path, TOKEN, done);

async function measure(cli) {
  const host = await spawnHost({
    cli,
    cwd: WORKSPACE,
    config: {
      database: 'host.db',
      tenants: { acme: { connectors: { good_ledger: {} } } },
      tokens: [
        { name: 'bench', roles: ['operator'], tenants: ['*'], token: { env: 'BENCH_TOKEN' } },
      ],
      loader: { allow: ['good_ledger'] },
    },
    env: {
      BENCH_TOKEN: TOKEN,
      DLX_AUDIT_KEY: Buffer.from('bench-audit-key-0123456789abcdefgh').toString('base64'),
    },
  });
  try {
    await burst(host.url, 'warmup', WARMUP_CALLS);
    let idleCount = 0;
    const idle = {
      healthz: await probe(host.url, '/healthz', () => idleCount++ >= IDLE_PROBES),
    };
    idleCount = 0;
    idle.board = await probe(host.url, '/board', () => idleCount++ >= IDLE_PROBES);
    let finished = false;
    const since = performance.now();
    const running = burst(host.url, 'burst', CALLS).finally(() => (finished = true));
    const [calls, healthz, board] = await Promise.all([
      running,
      probe(host.url, '/healthz', () => finished),
      probe(host.url, '/board', () => finished),
    ]);
    return {
      idle: { healthz: summary(idle.healthz), board: summary(idle.board) },
      burst: {
        calls: CALLS,
        connections: CONNECTIONS,
        seconds: Math.round(calls.seconds * 100) / 100,
        calls_per_second: Math.round(CALLS / calls.seconds),
        call: summary(calls.results),
        healthz: summary(healthz, since),
        board: summary(board, since),
      },
    };
  } finally {
    await host.stop();
    rmSync(host.dir, { recursive: true, force: true });
  }
}

function commit(cli) {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: dirname(cli),
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown';
  }
}

function row(label, m) {
  const b = m.burst;
  const probe = (p) =>
    `${p.p50_ms} / ${p.p99_ms} (${p.samples}; first after ${p.first_answer_s} s)`;
  return `| ${label} | ${m.idle.healthz.p50_ms} / ${m.idle.healthz.p99_ms} | ${probe(b.healthz)} | ${probe(b.board)} | ${b.seconds} s, ${b.calls_per_second} | ${b.call.p50_ms} / ${b.call.p99_ms} | ${b.call.non_200 + b.healthz.non_200 + b.board.non_200} |`;
}

async function measureBuild(label, cli, commitId) {
  return {
    label,
    date: new Date().toISOString(),
    machine: machine(),
    host: { cli: relative(ROOT, cli), commit: commitId ?? commit(cli) },
    ...(await measure(cli)),
  };
}

async function run() {
  const beforeFile = join(REPORTS, 'host-responsiveness-before.json');
  const beforeCli = process.env.DLX_BENCH_BEFORE_CLI;
  if (beforeCli) {
    const base = await measureBuild('before', beforeCli, process.env.DLX_BENCH_BEFORE_COMMIT);
    writeFileSync(beforeFile, JSON.stringify(base, null, 2) + '\n');
  }
  const after = await measureBuild(
    'after',
    join(ROOT, 'packages', 'host', 'bin', 'dealix-connectors.js'),
  );
  const before = existsSync(beforeFile) ? JSON.parse(readFileSync(beforeFile, 'utf8')) : null;
  const md = [
    '# host-responsiveness',
    '',
    `After: ${after.date}, ${after.machine.node}, ${after.machine.cpus}, ${after.machine.memory_gb} GB, load average at start ${after.machine.load_average_at_start.join(' ')}, host at ${after.host.commit}.`,
    before
      ? `Before: ${before.date}${beforeCli ? ' (this run)' : ' (committed before-run)'}, ${before.machine.node}, ${before.machine.cpus}, load average at start ${before.machine.load_average_at_start.join(' ')}, host at ${before.host.commit} (the stores on the main thread).`
      : 'Before: no before-run committed.',
    '',
    `${CALLS} unique charges (good_ledger: an idempotency record, a sync-state update and a hash-chained audit record each, SQLite WAL with synchronous=FULL) over ${CONNECTIONS} keep-alive connections; /healthz and /board probed one request after another, each on its own connection, from the start of the burst to its end. Idle: ${IDLE_PROBES} probes each with no burst. Milliseconds; n is the number of probes that fitted in the burst, "first after" when the first probe answered, in seconds after the burst started (a host whose commits block its event loop answers nothing until the burst is over).`,
    '',
    '| host | /healthz idle p50 / p99 | /healthz in burst p50 / p99 (n; first answer) | /board in burst p50 / p99 (n; first answer) | burst: duration, calls/s | call p50 / p99 | non-200 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...(before ? [row(`before (${before.host.commit})`, before)] : []),
    row(`after (${after.host.commit}, stores in a worker thread)`, after),
    '',
  ].join('\n');
  writeFileSync(join(REPORTS, 'host-responsiveness.md'), md);
  writeFileSync(
    join(REPORTS, 'host-responsiveness.json'),
    JSON.stringify({ after, before }, null, 2) + '\n',
  );
  console.log(md);
}

module.exports = { run };
