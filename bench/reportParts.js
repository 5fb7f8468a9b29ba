// Parts shared by the reports of the process benchmarks (hostStartup, gateScale): the "before"
// kept from an earlier run, and the tables of a profile's top frames.
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const REPORTS = join(__dirname, 'reports');
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The committed "before" of report `name` (`<name>-before.json`), or null. With
 * DLX_BENCH_KEEP_AS_BEFORE=1 this run (`after`) becomes it, and null is returned.
 */
function beforeOf(name, after) {
  mkdirSync(REPORTS, { recursive: true });
  const file = join(REPORTS, `${name}-before.json`);
  if (process.env.DLX_BENCH_KEEP_AS_BEFORE) {
    writeFileSync(file, json(after));
    return null;
  }
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

/** Markdown tables of the top self-time frames of each profiled process. */
function profileLines(profiles) {
  if (!profiles) return [];
  return Object.entries(profiles).flatMap(([name, p]) => [
    '',
    `${name} (${p.total_ms} ms sampled):`,
    '',
    '| self ms | frame |',
    '| --- | --- |',
    ...p.frames.map((f) => `| ${f.self_ms} | ${f.frame} |`),
  ]);
}

/** Writes `<name>.md` and `<name>.json` and prints the Markdown. */
function writeReportFiles(name, md, data) {
  writeFileSync(join(REPORTS, `${name}.md`), md);
  writeFileSync(join(REPORTS, `${name}.json`), json(data));
  console.log(md);
}

/** When, on what, and at which commit a run measured (`machine` as taken at its start). */
function runFacts(machine) {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
  }).trim();
  return { date: new Date().toISOString(), machine, commit };
}

/** The report's first line: the run's facts. */
function runLine(r) {
  const m = r.machine;
  return `${r.date}, ${m.node}, ${m.cpus}, ${m.memory_gb} GB, load average at start ${m.load_average_at_start.join(' ')}, commit ${r.commit}; median of ${r.rounds} interleaved rounds (ratios: median of the per-round ratios).`;
}

const round2 = (v) => Math.round(v * 100) / 100;

module.exports = { beforeOf, profileLines, round2, runFacts, runLine, writeReportFiles };
