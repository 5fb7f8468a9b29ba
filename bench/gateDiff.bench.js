// Cost of `connector-gate diff` over 1,000 connectors against the floor any gate pays: reading,
// parsing and validating the 1,000 manifests with core's parseManifestText. Both run in this
// process on the same generated repository (a temp git repo with a base and a head commit, the
// head changing some connectors: bench/gateRepo.js). Target: diff <= 2x the floor. Uses the
// BUILT gate and core.
const { readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { parseManifestText } = require('@dealix/connector-core');
const { runDiff } = require('@dealix/connector-gate');
const { median, writeReport } = require('./measure');
const { CONNECTORS, CHANGED_EVERY, generateGateRepo } = require('./gateRepo');

const RUNS = 15;

/**
 * Median ms of each case over RUNS rounds, after two untimed rounds. The cases alternate
 * within each round, so a burst of load on this shared machine hits both alike.
 */
async function medianMsInterleaved(cases) {
  for (let i = 0; i < 2; i++) for (const fn of cases) await fn();
  const times = cases.map(() => []);
  for (let round = 0; round < RUNS; round++) {
    for (const [i, fn] of cases.entries()) {
      const start = process.hrtime.bigint();
      await fn();
      times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return times.map(median);
}

async function run() {
  const { root, base, manifestFiles } = generateGateRepo();
  try {
    const floor = () => {
      for (const file of manifestFiles) {
        const result = parseManifestText(readFileSync(join(root, file), 'utf8'), file);
        if (!result.ok) throw new Error(`${file}: ${result.issues[0].message}`);
      }
    };
    let last;
    const diff = async () => {
      last = await runDiff({ root, base, acknowledge: true });
    };
    const [floorMs, diffMs] = await medianMsInterleaved([floor, diff]);
    const changed = last.connectors.filter((c) => c.status === 'changed').length;
    const failing = last.findings.filter((f) => f.fails).length;
    if (changed !== CONNECTORS / CHANGED_EVERY || failing !== 0) {
      throw new Error(`unexpected diff result: ${changed} changed, ${failing} failing`);
    }
    const perManifest = (ms) => (ms * 1e6) / CONNECTORS;
    writeReport(
      'gate-diff',
      [
        { case: 'read + parseManifestText, 1,000 manifests (baseline)', ns: perManifest(floorMs) },
        {
          case: 'connector-gate diff (runDiff), 1,000 connectors',
          ns: perManifest(diffMs),
          ratio: diffMs / floorMs,
        },
      ],
      [
        `Per manifest, median of ${RUNS} runs. Baseline: ${floorMs.toFixed(1)} ms for 1,000 manifests; diff: ${diffMs.toFixed(1)} ms.`,
        `Head changes ${changed} connectors (timeout raised, display name, every other one an input schema narrowed); ${last.findings.length} findings.`,
        'The diff reads every head package.json and manifest while two git queries run (`diff --raw` of the',
        'working tree against the base, untracked files), reads the base blobs of changed files by id through',
        'one `git cat-file --batch`, and validates the manifests of changed packages (head and base); packages',
        'without a changed file are left to `check`, which validates every manifest.',
        `Target: ratio <= 2. Measured: ${(diffMs / floorMs).toFixed(2)}.`,
      ],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

module.exports = { run };
