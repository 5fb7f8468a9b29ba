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
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)];
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

module.exports = { medianNsPerCall, writeReport };
