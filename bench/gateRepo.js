// The generated repository of the gate benchmarks: 1,000 connector packages in a temp git repo,
// a base commit and a head commit that changes every 10th connector (timeout raised, display
// name, every other one an input schema narrowed in its built entry and its committed schema).
// Built entries (dist/) are ignored by git, as a CI checkout builds them.
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const {
  entrySource,
  json,
  manifestFor,
  packageDirFor,
  renderedSchemas,
  write,
  writeConnector,
} = require('./generatedConnectors');

const CONNECTORS = 1000;
const CHANGED_EVERY = 10;

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
function generateGateRepo() {
  const root = mkdtempSync(join(tmpdir(), 'gate-bench-'));
  git(root, 'init', '--quiet', '--initial-branch=main');
  write(
    root,
    'package.json',
    json({ name: 'bench', private: true, workspaces: ['packages/connectors/*'] }),
  );
  write(root, '.gitignore', 'dist/\n');
  const manifestFiles = [];
  for (let i = 0; i < CONNECTORS; i++) {
    const dir = `packages/connectors/${packageDirFor(i)}`;
    writeConnector(root, dir, manifestFor(i));
    manifestFiles.push(`${dir}/connector.json`);
  }
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', 'base');
  const base = git(root, 'rev-parse', 'HEAD').trim();
  const changeset = ['---'];
  for (let i = 0; i < CONNECTORS; i += CHANGED_EVERY) {
    const file = manifestFiles[i];
    const dir = file.slice(0, -'/connector.json'.length);
    const manifest = JSON.parse(readFileSync(join(root, file), 'utf8'));
    manifest.timeout_ms += 1000; // a relaxation
    manifest.display_name = `${manifest.display_name} v2`; // informational
    if (i % 20 === 0) {
      // A narrowing: the first operation's input requires `amount`, in code and schema.
      const narrowed = new Set([Object.keys(manifest.operations)[0]]);
      for (const [path, text] of Object.entries(renderedSchemas(manifest, narrowed)))
        write(root, `${dir}/${path}`, text);
      write(root, `${dir}/dist/index.js`, entrySource(manifest, narrowed));
    }
    write(root, file, json(manifest));
    changeset.push(`'@dealix/connector-${packageDirFor(i)}': major`);
  }
  write(root, '.changeset/bench.md', `${changeset.join('\n')}\n---\n\nBench changes.\n`);
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', 'head');
  // A CI checkout holds fetched objects in a pack, not as loose files: store them the same way.
  git(root, 'repack', '-adq');
  return { root, base, manifestFiles };
}

module.exports = { CONNECTORS, CHANGED_EVERY, generateGateRepo };
