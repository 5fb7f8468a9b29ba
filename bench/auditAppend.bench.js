// Durable audit append rate (issue 15, benchmark 3): the host's SQLite audit log as the host uses
// it (SqliteAuditStore -> the store worker thread -> one BEGIN IMMEDIATE transaction per batch,
// the batch's appends chained on the head with the keyed hash chain, synchronous=FULL, each
// append answered only after COMMIT returned), with APPENDERS appends in flight at once, against
// the same run's raw floor: the same rows, chained beforehand, inserted by one prepared INSERT in
// transactions of the size the host's group commit made, on the same schema and pragmas.
// Cases and rounds interleave (host, raw, raw, host, ...); each case-round writes a fresh
// database of EVENTS records; medians of the per-round rates. Target: >= 50,000 events/s and
// >= 0.7x the raw floor.
//
//   npm run bench -- auditAppend
//   DLX_BENCH_BASE_HOST=<a build of the base>/packages/host DLX_BENCH_BASE_COMMIT=<its commit> \
//   npm run bench -- auditAppend
//       also the base build's host path, interleaved in the same rounds ("before")
//   DLX_BENCH_CASES=host node --cpu-prof --cpu-prof-dir=<dir> bench/run.js auditAppend
//       CPU profiles of the host case alone (no report): the main thread, each store worker
const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { once } = require('node:events');
const { performance } = require('node:perf_hooks');
const { Worker } = require('node:worker_threads');
const {
  AuditChainKey,
  GENESIS_HASH,
  canonicalJson,
  chainRecord,
  hashAuditRecord,
} = require('@dealix/connector-core');
const { machine } = require('./httpLoad');
const { median } = require('./measure');

const ROOT = join(__dirname, '..');
const HOST = join(ROOT, 'packages', 'host');
const REPORTS = join(__dirname, 'reports');
const APPENDERS = 256;
const EVENTS = 20_000;
const ROUNDS = 5;
const AUDIT_KEY = AuditChainKey.fromBase64(
  Buffer.from('bench-audit-key-0123456789abcdefgh').toString('base64'),
);

/** An audit event as a governed call records it (a redacted input and output). */
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
    payload_digest: `sha256:${String(n).padStart(64, '0')}`,
    payload: {
      input: { amount: 100 + (n % 50), currency: 'usd', customer: '[personal]' },
      output: { id: `ch_${n}`, status: 'succeeded' },
      vendor_request_id: `req_${n}`,
    },
    error_code: null,
    approval_id: null,
    at: new Date(1_800_000_000_000 + n).toISOString(),
    trace_id: null,
    span_id: null,
  };
}

/** The host's stores module of `hostDir` (its dist/ built). */
function hostStores(hostDir) {
  return require(join(hostDir, 'dist', 'stores'));
}

/**
 * APPENDERS concurrent appenders, each awaiting one append after another (as request handlers
 * do), through `stores.audit` until EVENTS are acknowledged. Events/s and the group sizes made.
 */
async function hostAppends(hostDir, file) {
  const stores = await hostStores(hostDir).createSqliteStores(file, { auditKey: AUDIT_KEY });
  try {
    let next = 0;
    const rate = await measured(() =>
      Promise.all(
        Array.from({ length: APPENDERS }, async () => {
          while (next < EVENTS) await stores.audit.append(event(next++));
        }),
      ),
    );
    const groups = await stores.audit.groupCommitStats();
    const verified = await stores.audit.verify();
    if (!verified.ok || verified.count !== EVENTS) {
      throw new Error(`the chain does not verify: ${JSON.stringify(verified)}`);
    }
    return { ...rate, groupSize: groups.records / groups.transactions };
  } finally {
    await stores.close();
  }
}

/**
 * Runs `work` (sync or async) over EVENTS events: its rate and the CPU it took per event, all
 * threads of this process.
 */
async function measured(work) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: EVENTS / seconds, cpuUsPerEvent: (used.user + used.system) / EVENTS };
}

/** Chains events one after another (core chainRecord, keyed) and answers each one's row. */
function rowChain() {
  const { auditRecordToRow } = require(join(HOST, 'dist', 'stores', 'auditRows.js'));
  const format = { keyedFromSeq: 1, key: AUDIT_KEY };
  let head;
  return (n) => {
    head = chainRecord(head, event(n), format);
    return auditRecordToRow(head);
  };
}

/** The rows the chain makes, computed before the timer starts (the raw floor does no chaining). */
function chainedRows() {
  const nextRow = rowChain();
  return Array.from({ length: EVENTS }, (_, n) => nextRow(n));
}

/** The same rows by one prepared INSERT, `groupSize` per transaction, same schema and pragmas. */
async function rawInserts(file, rows, groupSize) {
  const { openDatabase } = hostStores(HOST);
  const { INSERT_AUDIT_ROW } = require(join(HOST, 'dist', 'stores', 'auditRows.js'));
  const db = openDatabase(file);
  try {
    const insert = db.prepare(INSERT_AUDIT_ROW);
    const group = db.transaction((from, to) => {
      for (let i = from; i < to; i++) insert.run(rows[i]);
    });
    return await measured(() => {
      for (let from = 0; from < rows.length; from += groupSize) {
        group.immediate(from, Math.min(rows.length, from + groupSize));
      }
    });
  } finally {
    db.close();
  }
}

/**
 * A floor through a second thread (fixtures/auditFloorWorker.js, `hashThere`: whether it hashes
 * the chain or inserts rows hashed here): EVENTS events in groups of `groupSize` made by
 * `makeGroup(from, to)` in order, two groups in flight (one commits while the next is made).
 * The worker answers each committed group with its size; its log must verify afterwards.
 */
async function floorThroughWorker(file, groupSize, hashThere, makeGroup) {
  const worker = new Worker(join(__dirname, 'fixtures', 'auditFloorWorker.js'), {
    workerData: { host: HOST, file, key: AUDIT_KEY.toBase64(), hashThere },
  });
  try {
    await once(worker, 'message'); // ready
    let next = 0;
    let acknowledged = 0;
    const sendGroup = () => {
      const end = Math.min(EVENTS, next + groupSize);
      if (next >= end) return;
      worker.postMessage(makeGroup(next, end));
      next = end;
    };
    const rate = await measured(
      () =>
        new Promise((resolve, reject) => {
          worker.on('error', reject);
          worker.on('message', (count) => {
            acknowledged += count;
            if (acknowledged >= EVENTS) resolve();
            else sendGroup();
          });
          sendGroup();
          sendGroup();
        }),
    );
    worker.removeAllListeners('message');
    worker.postMessage('close');
    const [{ verified }] = await once(worker, 'message');
    if (!verified.ok || verified.count !== EVENTS) {
      throw new Error(`a floor's log does not verify: ${JSON.stringify(verified)}`);
    }
    return rate;
  } finally {
    await worker.terminate();
  }
}

/**
 * The chain floor: the work the raw floor skips but a durable keyed append cannot (the payload's
 * canonical JSON on this thread, the crossing to a second thread and back, the keyed chain hash
 * per record there), with the same events, the same INSERT and group size, and nothing of the
 * host's own: no per-append promise, call protocol, savepoint or record copy.
 */
function chainFloor(file, groupSize) {
  const { toAuditEntry } = require(join(HOST, 'dist', 'stores', 'auditEntry.js'));
  return floorThroughWorker(file, groupSize, true, (from, to) => {
    const entries = [];
    for (let n = from; n < to; n++) {
      const e = event(n);
      entries.push(toAuditEntry(e, canonicalJson(e.payload)));
    }
    return entries;
  });
}

/**
 * The overlapped chain floor: the other design the chain floor does not bound. This thread
 * holds the head: it canonicalises each event, hashes it onto the chain (core chainRecord, the
 * keyed HMAC) and sends the group's finished rows; the second thread only inserts and commits,
 * so one thread hashes a group while the other commits the one before. Nothing of the host: no
 * promise per append, protocol, savepoint, checks, failure handling (a real store would re-hash
 * after a failed commit), or record copy back. Its rate is the most that design reaches here.
 */
function overlappedChainFloor(file, groupSize) {
  const nextRow = rowChain();
  return floorThroughWorker(file, groupSize, false, (from, to) => {
    const rows = [];
    for (let n = from; n < to; n++) rows.push(nextRow(n));
    return rows;
  });
}

/**
 * The chain's own cost on one thread, no database and no crossing: `whole` canonicalises,
 * hashes and builds each row (core chainRecord + the row), as the overlapped floor's calling
 * thread does; `sequential` is only the part no design can spread over threads (each hash
 * covers the one before it: core hashAuditRecord over payload texts made beforehand).
 */
function chainWorkAlone(part) {
  if (part === 'whole') {
    const nextRow = rowChain();
    return measured(() => {
      for (let n = 0; n < EVENTS; n++) nextRow(n);
    });
  }
  const { toAuditEntry, auditEventFromEntry } = require(
    join(HOST, 'dist', 'stores', 'auditEntry.js'),
  );
  const inputs = [];
  for (let n = 0; n < EVENTS; n++) {
    const e = event(n);
    const text = canonicalJson(e.payload);
    inputs.push([auditEventFromEntry(toAuditEntry(e, text)), text]);
  }
  return measured(() => {
    let hash = GENESIS_HASH;
    for (let n = 0; n < EVENTS; n++) {
      hash = hashAuditRecord(hash, n + 1, inputs[n][0], inputs[n][1], AUDIT_KEY);
    }
  });
}

function gitCommit(dir) {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir }).toString().trim();
  } catch {
    return 'unknown';
  }
}

async function run() {
  const started = machine();
  const dir = mkdtempSync(join(tmpdir(), 'dlx-audit-append-'));
  const baseHost = process.env.DLX_BENCH_BASE_HOST;
  const baseCommit = process.env.DLX_BENCH_BASE_COMMIT ?? (baseHost && gitCommit(baseHost));
  const rows = chainedRows();
  let fileNo = 0;
  const file = () => join(dir, `audit-${fileNo++}.db`);
  try {
    // Warm-up: one host run (JIT, the worker's first start) gives the first raw group size.
    let groupSize = Math.max(1, Math.round((await hostAppends(HOST, file())).groupSize));
    const cases = {
      host: { run: async () => hostAppends(HOST, file()) },
      raw: { run: async () => rawInserts(file(), rows, groupSize) },
      chain: { run: async () => chainFloor(file(), groupSize) },
      overlapped: { run: async () => overlappedChainFloor(file(), groupSize) },
      chain_work: { run: async () => chainWorkAlone('whole') },
      chain_sequential: { run: async () => chainWorkAlone('sequential') },
      ...(baseHost && { base: { run: async () => hostAppends(baseHost, file()) } }),
    };
    // DLX_BENCH_CASES=host: only those cases, printed and not reported (for a profile of one).
    const only = process.env.DLX_BENCH_CASES?.split(',');
    const names = Object.keys(cases).filter((name) => !only || only.includes(name));
    const perRound = Object.fromEntries(names.map((name) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const result = await cases[name].run();
        perRound[name].push(result);
        // The raw floor commits in groups of the size the host's last run made.
        if (name === 'host') groupSize = Math.max(1, Math.round(result.groupSize));
      }
      rmSync(dir, { recursive: true, force: true });
      require('node:fs').mkdirSync(dir, { recursive: true });
    }
    if (only) {
      console.log(JSON.stringify(perRound, null, 1));
      return;
    }
    const ratios = perRound.host.map((h, i) => h.perSecond / perRound.raw[i].perSecond);
    const perRoundRatio = (a, b, field) =>
      round2(median(perRound[a].map((r, i) => r[field] / perRound[b][i][field])));
    const summary = (name) => ({
      events_per_s: Math.round(median(perRound[name].map((r) => r.perSecond))),
      cpu_us_per_event: round1(median(perRound[name].map((r) => r.cpuUsPerEvent))),
      ...(perRound[name][0].groupSize !== undefined && {
        mean_group: round1(median(perRound[name].map((r) => r.groupSize))),
      }),
      per_round: perRound[name].map((r) => Math.round(r.perSecond)),
    });
    const report = {
      machine: started,
      date: new Date().toISOString(),
      commit: gitCommit(ROOT),
      settings: { appenders: APPENDERS, events: EVENTS, rounds: ROUNDS },
      host: summary('host'),
      raw: summary('raw'),
      ...(baseHost && { base: { commit: baseCommit, ...summary('base') } }),
      chain: summary('chain'),
      overlapped: summary('overlapped'),
      chain_work: summary('chain_work'),
      chain_sequential: summary('chain_sequential'),
      ratio_to_raw: round2(median(ratios)),
      ratio_per_round: ratios.map(round2),
      // The bound: what the chain and the crossing alone leave of the raw floor's rate.
      chain_to_raw: perRoundRatio('chain', 'raw', 'perSecond'),
      host_to_chain: perRoundRatio('host', 'chain', 'perSecond'),
      overlapped_to_raw: perRoundRatio('overlapped', 'raw', 'perSecond'),
      cpu_host_to_chain: perRoundRatio('host', 'chain', 'cpuUsPerEvent'),
    };
    report.targets = {
      events_per_s: { target: 50_000, met: report.host.events_per_s >= 50_000 },
      ratio_to_raw: { target: 0.7, met: report.ratio_to_raw >= 0.7 },
    };
    writeReports(report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round1 = (v) => Math.round(v * 10) / 10;
const round2 = (v) => Math.round(v * 100) / 100;

function writeReports(r) {
  const m = r.machine;
  const row = (label, s) =>
    `| ${label} | ${s.events_per_s} | ${s.cpu_us_per_event} | ${s.mean_group ?? '-'} | ${s.per_round.join(', ')} |`;
  const md = [
    '# audit-append',
    '',
    `Node ${m.node}, ${m.cpus}, ${m.memory_gb} GB, ${m.platform}; ${r.date}; commit ${r.commit};`,
    `load average at start ${m.load_average_at_start.join(' ')}.`,
    '',
    `${r.settings.appenders} appenders in flight, ${r.settings.events} records per case and round, ` +
      `${r.settings.rounds} rounds interleaved; each case-round a fresh database (WAL, synchronous=FULL).`,
    '',
    '| case | events/s (median) | CPU µs/event, all threads | mean records per commit | events/s per round |',
    '| --- | --- | --- | --- | --- |',
    row('host path: SqliteAuditStore via the store worker (keyed chain, group commit)', r.host),
    ...(r.base ? [row(`the same, base build ${r.base.commit} (before)`, r.base)] : []),
    row('raw floor: one prepared INSERT of the same chained rows, same group size', r.raw),
    row(
      'chain floor: the raw floor + canonical JSON, the keyed chain hash and the crossing to a second thread and back (fixtures/auditFloorWorker.js, hashing there)',
      r.chain,
    ),
    row(
      'overlapped chain floor: the calling thread canonicalises and hashes each group onto the head it holds while the second thread inserts and commits the group before (fixtures/auditFloorWorker.js, inserting only)',
      r.overlapped,
    ),
    row(
      'the chain alone, one thread, no database or crossing: canonical JSON, keyed hash and row per event',
      r.chain_work,
    ),
    row(
      'the chain sequential part alone: the keyed hash over payload texts made beforehand',
      r.chain_sequential,
    ),
    '',
    `Ratio host / raw floor (median of per-round ratios): ${r.ratio_to_raw} ` +
      `(per round ${r.ratio_per_round.join(', ')}). Chain floor / raw floor: ${r.chain_to_raw}; ` +
      `host / chain floor: ${r.host_to_chain} (CPU per event ${r.cpu_host_to_chain}x). ` +
      `Overlapped chain floor / raw floor: ${r.overlapped_to_raw}.`,
    '',
    `Target >= 50,000 events/s: ${r.targets.events_per_s.met ? 'met' : 'missed'} ` +
      `(${r.host.events_per_s}). Target >= 0.7x the raw floor: ` +
      `${r.targets.ratio_to_raw.met ? 'met' : 'missed'} (${r.ratio_to_raw}).`,
    '',
    ...NOTES,
    '',
  ].join('\n');
  writeFileSync(join(REPORTS, 'audit-append.md'), md);
  writeFileSync(join(REPORTS, 'audit-append.json'), JSON.stringify(r, null, 2) + '\n');
  console.log(md);
}

/** Filled in from the committed run's profile (see the command at the top of this file). */
const NOTES = [
  '## The bound, measured',
  '',
  'The chain floor row is the raw floor plus only the work the raw floor skips and a durable',
  'keyed append cannot: the payload canonicalised to JSON (core canonicalJson) on the calling',
  'thread, the crossing to a second thread and back (one message per group each way), and the',
  'keyed chain hash per record (core hashAuditRecord: the scalar fields as JSON + HMAC-SHA256),',
  'which is sequential (each hash covers the one before it) and so runs where the head is, in',
  'the thread that inserts. It has none of the host: no promise per append, call protocol,',
  'savepoint, storability check or record copy, and it keeps two groups in flight. Its rate',
  'divided by the raw floor\'s ("chain floor / raw floor" above) is what a keyed durable',
  'append reaches beside the raw insert on this machine when the chain is hashed where it is',
  'inserted, as the host does. The overlapped chain floor is the other natural design (the',
  'calling thread holds the head and hashes a group while the second thread commits the one',
  'before); it reaches about the same. Neither proves the 0.7x target impossible: the chain',
  "alone on one thread (its row above) runs well above the raw floor's rate, and its truly",
  'sequential part (the hash) faster still, so with two cores the chain and the INSERTs could',
  'overlap at close to the raw rate. What both floors pay beyond the chain and the INSERTs is',
  'the crossing: a structured clone of every event or row to the second thread and back (CPU',
  'per event above: floor minus raw minus chain alone). A cheaper crossing is the next thing to',
  'find (one JSON string per group was tried in the overlapped floor: slower, about 40,000/s).',
  '">= 50,000 events/s" is bounded by the',
  'raw floor itself when the raw floor is below it (the first column of its row).',
  '',
  '## Where the time goes (host path)',
  '',
  'Profile: `DLX_BENCH_CASES=host node --cpu-prof --cpu-prof-interval 200',
  '--cpu-prof-dir=<dir> bench/run.js auditAppend`, summarised with `node bench/cpuProfileTop.js`.',
  '- The store worker, while it runs a batch of appends (BatchRunner.commitWrites): COMMIT with',
  '  its fsync 33% (better-sqlite3 sqliteTransaction, self), the INSERTs 31% (auditTable.ts',
  '  appendGroup, the native insert.run), the keyed chain hash 27% (core hashAuditRecord: JSON of',
  '  the scalars 12%, HMAC 15%), checks, row values and the rest 9%. The raw floor is the first',
  "  two (64%): the chain alone costs the worker 0.4x of the raw floor's work again.",
  '- The host thread is idle 78% of the time; of its busy time, garbage collection 27% (the',
  '  event, its normalized copy, the promises of 256 appenders), SqliteAuditStore.append 18%',
  "  (normalizeAuditEventAndText 7%: the payload's one canonical walk; CallBatchWriter.add 5%),",
  "  the bench's own event() 5%, posting the batch 4%, completing the records 2%.",
  '- One batch is in flight: the 256 appenders all wait on it, so the host thread makes the next',
  '  batch while the worker is idle. Keeping a second batch in flight (a batch sent early once it',
  '  held 64 or 128 calls) was measured here: at load 5-12 it gave no more events/s (both threads',
  '  wait for a core) and cost 5-10 µs more CPU per event (groups of ~170 instead of 253: more',
  '  commits), so it is not in.',
  '',
  'Fixed here (before = the base build, measured in the same rounds): an append crosses to the',
  'worker as a list of its values (stores/auditEntry.ts) instead of an object of 18 named',
  'fields; the committed appends of a batch come back as one compact answer (the ids as a',
  'Float64Array, the first seq and prev_hash, every hash in one string) instead of an object per',
  'append; the record is completed in place instead of spread; a row is bound by position; a',
  "batch's call headers cross as typed arrays. Left: the chain hash and the INSERT are the",
  "worker's work and the floor's; the host thread's garbage is mostly the event and the",
  'record the AuditStore contract returns.',
];

module.exports = { run, chainFloor, overlappedChainFloor, hostAppends };
