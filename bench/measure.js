// Shared timing helpers: batches of calls, median ns per call, so one slow batch (GC, the other
// core busy) does not move the figure much. Baselines run in the same process and run.
const { writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

/** Median ns per call of `fn` over `batches` batches of `batchSize` sequential awaited calls. */
async function medianNsPerCall(fn, { batches = 60, batchSize = 500, warmup = 2_000 } = {}) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const perCall = [];
  let n = warmup;
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batchSize; i++) await fn(n++);
    perCall.push(Number(process.hrtime.bigint() - start) / batchSize);
  }
  return median(perCall);
}

/**
 * For differences smaller than the drift of a shared machine: each round times a batch of
 * every case (in turn, the order reversed every other round; a case's `enter` runs untimed
 * before its batch), in CPU time of this process (process.cpuUsage: time spent waiting for a
 * core is not counted). Returns each case's median CPU ns per call and its per-round figures
 * (for medianDifference).
 */
async function interleavedCpuNsPerCall(
  cases,
  { rounds = 200, batchSize = 200, warmup = 2_000 } = {},
) {
  const enter = (c) => c.enter?.();
  for (const c of cases) {
    enter(c);
    for (let i = 0; i < warmup; i++) await c.call(i);
  }
  const perRound = cases.map(() => []);
  let n = warmup;
  for (let r = 0; r < rounds; r++) {
    const order = cases.map((_, index) => index);
    if (r % 2 === 1) order.reverse();
    for (const index of order) {
      enter(cases[index]);
      const start = process.cpuUsage();
      for (let i = 0; i < batchSize; i++) await cases[index].call(n++);
      const used = process.cpuUsage(start);
      perRound[index][r] = ((used.user + used.system) * 1000) / batchSize;
    }
  }
  return { ns: perRound.map(median), perRound };
}

/** Per round, the mean of two cases' figures (two instances of the same code). */
function meanPerRound(a, b) {
  return a.map((ns, round) => (ns + b[round]) / 2);
}

/** Median over rounds of `a - b` (per-round figures of interleavedCpuNsPerCall). */
function medianDifference(a, b) {
  return median(a.map((ns, round) => ns - b[round]));
}

/** The middle value (the upper one of an even count). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function writeReport(name, rows, notes) {
  const dir = join(__dirname, 'reports');
  mkdirSync(dir, { recursive: true });
  const machine = `Node ${process.version}, ${require('node:os').cpus().length} cores, ${new Date().toISOString()}`;
  const md = [
    `# ${name}`,
    '',
    machine,
    '',
    '| case | median ns/call | ratio to baseline |',
    '| --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.case} | ${Math.round(r.ns)} | ${r.ratio === undefined ? '-' : r.ratio.toFixed(2)} |`,
    ),
    '',
    ...notes,
    '',
  ].join('\n');
  writeFileSync(join(dir, `${name}.md`), md);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ machine, rows }, null, 2) + '\n');
  console.log(md);
}

module.exports = {
  medianNsPerCall,
  interleavedCpuNsPerCall,
  meanPerRound,
  medianDifference,
  median,
  writeReport,
};
