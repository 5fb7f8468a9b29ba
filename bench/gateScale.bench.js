// `connector-gate check` + `connector-gate diff` over 1,000 generated connectors (bench/gateRepo.js:
// a git repository with a base and a head commit, built entries in dist/), each run as CI runs
// it: the built CLI in a process of its own. Against the floor measured in the same run, also a
// process of its own (bench/floorProcess.js --schemas): read and JSON-parse every package.json, validate
// every manifest with core's parseManifestText, read and JSON-parse every committed operation
// schema, and require() every built entry (check loads each entry to compare its schemas).
// Cases interleave per round (order reversed every other round); medians of wall time and of
// each process's CPU time (every thread, measured at its exit by bench/cpuAtExit.js).
// Target: check + diff <= 2x the floor.
//
//   npm run bench -- gateScale
//   DLX_BENCH_PROFILE=<dir> npm run bench -- gateScale
//       also one profiled run (--cpu-prof) of check, diff and the floor, top frames in the report
//   DLX_BENCH_ROUNDS=<n> (default 5)
const { spawn } = require('node:child_process');
const { mkdtempSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { machine } = require('./httpLoad');
const { median } = require('./measure');
const { CONNECTORS, generateGateRepo } = require('./gateRepo');
const { mainThreadTopFrames } = require('./cpuProfile');
const {
  beforeOf,
  profileLines,
  round2,
  runFacts,
  runLine,
  writeReportFiles,
} = require('./reportParts');

const ROOT = join(__dirname, '..');
const GATE = join(ROOT, 'tools', 'connector-gate', 'dist', 'cli', 'main.js');
const FLOOR = join(__dirname, 'floorProcess.js');
const CPU_AT_EXIT = join(__dirname, 'cpuAtExit.js');
const ROUNDS = Number(process.env.DLX_BENCH_ROUNDS ?? 5);

/** Runs `node args` to its end: wall ms, CPU ms, exit code and output. */
function runToExit(args, nodeOptions = []) {
  const cpuFile = join(mkdtempSync(join(tmpdir(), 'gate-cpu-')), 'cpu');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-r', CPU_AT_EXIT, ...nodeOptions, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        DLX_BENCH_CPU_FILE: cpuFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      const wall = performance.now() - started;
      try {
        resolve({ wall, cpu: Number(readFileSync(cpuFile, 'utf8')), code, output });
      } catch (error) {
        reject(new Error(`${args.join(' ')}: no CPU figure (${error.message}):\n${output}`));
      } finally {
        rmSync(join(cpuFile, '..'), { recursive: true, force: true });
      }
    });
  });
}

async function run() {
  const startMachine = machine();
  const { root, base } = generateGateRepo();
  const commands = {
    floor: [FLOOR, root, '--schemas'],
    check: [GATE, 'check', '--root', root, '--format', 'json'],
    diff: [GATE, 'diff', '--root', root, '--base', base, '--acknowledge', '--format', 'json'],
  };
  try {
    // Untimed: fills the file cache; check and diff must pass (a failing gate is no figure).
    for (const [name, args] of Object.entries(commands)) {
      const r = await runToExit(args);
      if (r.code !== 0) throw new Error(`${name} exited ${r.code}:\n${r.output.slice(0, 4000)}`);
      if (name === 'diff') {
        const report = JSON.parse(r.output);
        const changed = report.connectors.filter((c) => c.status === 'changed').length;
        if (changed !== CONNECTORS / 10)
          throw new Error(`diff found ${changed} changed connectors`);
      }
      if (name === 'check' && JSON.parse(r.output).connectors.length !== CONNECTORS)
        throw new Error('check did not check every connector');
    }
    const names = Object.keys(commands);
    const wall = Object.fromEntries(names.map((n) => [n, []]));
    const cpu = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const r = await runToExit(commands[name]);
        wall[name].push(r.wall);
        cpu[name].push(r.cpu);
      }
    }
    const figures = (series) => {
      const both = series.check.map((ms, r) => ms + series.diff[r]);
      return {
        floor_ms: Math.round(median(series.floor)),
        check_ms: Math.round(median(series.check)),
        diff_ms: Math.round(median(series.diff)),
        check_plus_diff_ms: Math.round(median(both)),
        ratio: round2(median(both.map((ms, r) => ms / series.floor[r]))),
        check_ratio: round2(median(series.check.map((ms, r) => ms / series.floor[r]))),
      };
    };
    const result = {
      ...runFacts(startMachine),
      connectors: CONNECTORS,
      rounds: ROUNDS,
      target: 'check + diff <= 2x the floor',
      wall: figures(wall),
      cpu: figures(cpu),
    };
    result.met = result.wall.ratio <= 2 && result.cpu.ratio <= 2;
    if (process.env.DLX_BENCH_PROFILE) result.profiles = await profile(commands);
    writeReport(result);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** One profiled run of each command; the top self-time frames of its main thread. */
async function profile(commands) {
  const dir = process.env.DLX_BENCH_PROFILE;
  const frames = {};
  for (const [name, args] of Object.entries(commands)) {
    const out = join(dir, `gate-${name}`);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    await runToExit(args, ['--cpu-prof', `--cpu-prof-dir=${out}`]);
    frames[name] = mainThreadTopFrames(out, 12, ROOT);
  }
  return frames;
}

// From the profiles (`DLX_BENCH_PROFILE`, frames mapped to source).
const WHERE_THE_TIME_GOES = [
  '## Where the time goes',
  '',
  "check does the floor's work, renders every operation schema of every built entry with zod's",
  'toJSONSchema (the other side of each comparison: the largest cost beyond the floor) and runs the',
  'rules; diff loads the gate and core, runs its git queries and validates what changed. Fixed by',
  'this change: diff loaded ESLint and typescript-eslint at start (about 0.6 s of CPU) and never',
  'used them (now loaded by check when a package has source to lint); check canonicalised both',
  'sides of every committed schema (now one native stringify each when the keys keep the rendered',
  'order, canonical forms otherwise) and built a JSON line index of every package.json and manifest',
  'that had no finding (now only for a finding). Not in these figures: the vendor-access lint of',
  "src/ files (the generated packages have none; a repository with source pays ESLint's load once",
  'and a lint per file, work the floor does not define).',
];

function writeReport(after) {
  const before = beforeOf('gate-scale', after);
  const rows = (r, label) =>
    ['wall', 'cpu'].map(
      (k) =>
        `| ${label} | ${k === 'wall' ? 'wall' : 'CPU'} | ${r[k].floor_ms} | ${r[k].check_ms} | ${r[k].diff_ms} | ${r[k].check_plus_diff_ms} | ${r[k].check_ratio} | ${r[k].ratio} |`,
    );
  const md = [
    '# gate-scale',
    '',
    runLine(after),
    '',
    'Command: `npm run bench -- gateScale` (`DLX_BENCH_PROFILE=<dir>` adds the profiles).',
    '',
    `${after.connectors} generated connectors (bench/gateRepo.js; 2-9 operations each, built dist/index.js made with defineConnector, committed schemas), the head changing every 10th. check = \`connector-gate check --format json\`, diff = \`connector-gate diff --base <base> --acknowledge --format json\`, each the built CLI in its own process. Floor = \`bench/floorProcess.js --schemas\` in its own process: every package.json read and parsed, every manifest validated with parseManifestText, every schemas/*.json read and parsed, every entry require()d. Milliseconds; CPU of the whole process at its exit.`,
    '',
    '| build | time | floor | check | diff | check + diff | check / floor | (check + diff) / floor |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows(after, `after (${after.commit})`),
    ...(before ? rows(before, `before (${before.commit}, ${before.date})`) : []),
    '',
    `Target: ${after.target}. ${after.met ? 'Met' : 'Missed'} (wall and CPU).`,
    '',
    ...WHERE_THE_TIME_GOES,
    ...(after.profiles
      ? ['', '## Profile (after), self time, top frames', ...profileLines(after.profiles)]
      : []),
    ...(before?.profiles ? ['', '## Profile (before)', ...profileLines(before.profiles)] : []),
    '',
  ].join('\n');
  writeReportFiles('gate-scale', md, { after, before });
}

module.exports = { run, writeReport };
