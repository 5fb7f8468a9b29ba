// Cost of `connector-gate diff` over 1,000 connectors against the floor any gate pays: reading,
// parsing and validating the 1,000 manifests with core's parseManifestText. Both run in this
// process on the same generated repository (a temp git repo with a base and a head commit, the
// head changing some connectors). Target: diff <= 2x the floor. Uses the BUILT gate and core.
const { execFileSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { parseManifestText } = require('@dealix/connector-core');
const { runDiff } = require('@dealix/connector-gate');
const { median, writeReport } = require('./measure');

const CONNECTORS = 1000;
const CHANGED_EVERY = 10; // every 10th connector changes in the head commit
const RUNS = 15;
const CLASSES = ['public', 'internal', 'confidential', 'restricted'];

function write(root, path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/** A valid manifest; i varies its size and policies (2-9 operations, 1-4 config fields...). */
function manifestFor(i) {
  const key = `conn_${String(i).padStart(4, '0')}`;
  const classification = CLASSES[i % 4];
  const restricted = classification === 'restricted';
  const operations = {};
  const events = [];
  for (let n = 0; n < 2 + (i % 8); n++) {
    const write = n % 3 === 1;
    const op = `${write ? 'create' : 'read'}_thing_${n}`;
    events.push(`${op}_ok`, `${op}_failed`);
    operations[op] = {
      kind: write ? 'write' : 'read',
      description: `Operation ${n} of connector ${i}.`,
      ...(write && {
        approval_policy: 'approval_required',
        compensation: 'none',
        compensation_note: 'Vendor keeps it.',
      }),
      ...(restricted && !write && n % 2 === 0 && { data_classification: 'confidential' }),
      ...(n % 4 === 3 && { timeout_ms: 2000 + n, retry_max: 1, retry_backoff_ms: [250] }),
      audit_events: { success: `${op}_ok`, failure: `${op}_failed` },
    };
  }
  const config = { api_key: { type: 'secret', required: true, description: 'API key.' } };
  if (i % 2 === 0) {
    config.base_url = {
      type: 'url',
      required: false,
      description: 'Base URL.',
      default: `https://api${i}.example.com`,
      host_pattern: `api${i}.example.com`,
    };
  }
  if (i % 3 === 0)
    config.region = { type: 'string', required: false, description: 'Region.', default: 'eu' };
  if (i % 5 === 0)
    config.page_size = { type: 'number', required: false, description: 'Page size.', default: 50 };
  return {
    $schema: '../../core/connector-manifest.schema.json',
    manifest_version: 1,
    connector_key: key,
    display_name: `Connector ${i}`,
    display_name_ar: 'موصل',
    contract_url: `https://docs.example.com/api/${i}`,
    owners: [`team-${i % 17}`],
    approval_policy: i % 7 === 0 ? 'approval_required' : 'auto',
    data_classification: classification,
    idempotent: i % 2 === 1,
    retry_max: 2,
    retry_backoff_ms: [200, 400],
    timeout_ms: 5000 + i,
    audit_events: events,
    allowed_hosts: [
      `api${i}.example.com`,
      ...(i % 2 === 0 ? ['${config.base_url}'] : []),
      ...(i % 9 === 0 ? ['*.cdn.example.com'] : []),
    ],
    operations,
    config,
    ...(i % 6 === 0 && {
      metrics: [{ name: `${key}_things_total`, type: 'counter', unit: 'things', labels: ['op'] }],
    }),
  };
}

const inputSchema = (n) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1 },
    amount: { type: 'number', minimum: n },
    note: { type: 'string' },
  },
  required: ['id'],
});
const outputSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
  additionalProperties: false,
};

function git(root, ...args) {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=bench',
      '-c',
      'user.email=bench@example.com',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
}

/** Writes the repository, commits base, changes every 10th connector, commits head. */
function generateRepo() {
  const root = mkdtempSync(join(tmpdir(), 'gate-bench-'));
  git(root, 'init', '--quiet', '--initial-branch=main');
  write(
    root,
    'package.json',
    json({ name: 'bench', private: true, workspaces: ['packages/connectors/*'] }),
  );
  const manifestFiles = [];
  for (let i = 0; i < CONNECTORS; i++) {
    const manifest = manifestFor(i);
    const dir = `packages/connectors/${manifest.connector_key.replace(/_/g, '-')}`;
    write(
      root,
      `${dir}/package.json`,
      json({
        name: `@dealix/connector-${manifest.connector_key.replace(/_/g, '-')}`,
        version: '0.1.0',
        main: 'dist/index.js',
        dealix: { connector: 'connector.json' },
        peerDependencies: { '@dealix/connector-core': '^1.0.0' },
      }),
    );
    write(root, `${dir}/connector.json`, json(manifest));
    write(root, `${dir}/README.md`, `# ${manifest.display_name}\n`);
    write(root, `${dir}/CHANGELOG.md`, `# ${manifest.display_name}\n`);
    Object.keys(manifest.operations).forEach((op, n) => {
      write(root, `${dir}/schemas/${op}.input.json`, json(inputSchema(n)));
      write(root, `${dir}/schemas/${op}.output.json`, json(outputSchema));
    });
    manifestFiles.push(`${dir}/connector.json`);
  }
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', 'base');
  const base = git(root, 'rev-parse', 'HEAD').trim();
  const changeset = ['---'];
  for (let i = 0; i < CONNECTORS; i += CHANGED_EVERY) {
    const file = manifestFiles[i];
    const manifest = JSON.parse(readFileSync(join(root, file), 'utf8'));
    manifest.timeout_ms += 1000; // a relaxation
    manifest.display_name = `${manifest.display_name} v2`; // informational
    if (i % 20 === 0) {
      const [first] = Object.keys(manifest.operations);
      write(
        root,
        file.replace('connector.json', `schemas/${first}.input.json`),
        json({ ...inputSchema(0), required: ['id', 'amount'] }),
      ); // narrowing
    }
    write(root, file, json(manifest));
    changeset.push(`'@dealix/connector-${manifest.connector_key.replace(/_/g, '-')}': major`);
  }
  write(root, '.changeset/bench.md', `${changeset.join('\n')}\n---\n\nBench changes.\n`);
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', 'head');
  // A CI checkout holds fetched objects in a pack, not as loose files: store them the same way.
  git(root, 'repack', '-adq');
  return { root, base, manifestFiles };
}

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
  const { root, base, manifestFiles } = generateRepo();
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
