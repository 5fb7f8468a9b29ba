import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/runCli';
import { runDiff } from '../diff/runDiff';
import { runCheck } from '../check/runCheck';

// THE must-show of the scaffolder: a connector generated into a repository passes, unchanged,
// everything `npm test` and the gate run on it: typecheck, build, schema regeneration, its own
// jest suite (runConformance against the generic simulator), ESLint and Prettier with the
// repository's config, `connector-gate check` and `connector-gate diff` with its changeset.

/** The monorepo this test runs in: tools/connector-gate/src/scaffold → four levels up. */
const REPO = join(__dirname, '..', '..', '..', '..');
const KEY = 'acme_tickets';
const PACKAGE_DIR = 'packages/connectors/acme-tickets';
const PROCESS_TIMEOUT_MS = 120_000;

/**
 * A temporary repository shaped like ours: the root files `npm test` reads, and symlinks to the
 * real core, testkit, docs, tools and node_modules (resolving the workspace packages as npm links them).
 */
function makeTempRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'connector-scaffold-'));
  for (const file of [
    'package.json',
    'tsconfig.base.json',
    'jest.preset.js',
    'jest.summary-reporter.js',
    'eslint.config.mjs',
    '.prettierrc.json',
    '.prettierignore',
  ]) {
    copyFileSync(join(REPO, file), join(dir, file));
  }
  mkdirSync(join(dir, 'packages/connectors'), { recursive: true });
  mkdirSync(join(dir, '.changeset'));
  // tools/: the repository's ESLint config loads the gate's plugin (facade-only, boundaries).
  for (const path of ['node_modules', 'packages/core', 'packages/testkit', 'docs', 'tools']) {
    symlinkSync(join(REPO, path), join(dir, path));
  }
  writeFileSync(join(dir, '.gitignore'), 'node_modules\ndist\n');
  return dir;
}

interface Run {
  status: number | null;
  output: string;
}

/** Runs a node script of the repository's node_modules, the way the package scripts do. */
function runNode(cwd: string, script: string, ...args: string[]): Run {
  const result = spawnSync(process.execPath, [join(REPO, 'node_modules', script), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: PROCESS_TIMEOUT_MS,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return {
    status: result.status,
    output: `${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}`,
  };
}

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync(
    'git',
    ['-c', 'user.name=Scaffold Test', '-c', 'user.email=scaffold@example.com', ...args],
    { cwd, encoding: 'utf8', timeout: PROCESS_TIMEOUT_MS },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

function schemaTexts(pkg: string): Record<string, string> {
  const dir = join(pkg, 'schemas');
  return Object.fromEntries(
    readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]),
  );
}

interface JestJson {
  numFailedTests: number;
  numPassedTests: number;
  testResults: Array<{
    name: string;
    assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string }>;
  }>;
}

describe('a generated connector, unchanged', () => {
  let root: string;
  let pkg: string;

  beforeAll(async () => {
    root = makeTempRepo();
    pkg = join(root, PACKAGE_DIR);
    git(root, 'init', '--quiet', '--initial-branch=main');
    git(root, 'add', '-A');
    git(root, '-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', 'base');
    const io = { stdout: { write: () => true }, stderr: { write: () => true } };
    const code = await main(['new', KEY, '--root', root], io);
    if (code !== 0) throw new Error(`connector-gate new exited ${code}`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('passes its typecheck, build, tests, lint, formatting and the gate', () => {
    const typecheck = runNode(pkg, 'typescript/bin/tsc', '-p', 'tsconfig.json');
    expect(typecheck).toEqual({ status: 0, output: '' });

    const build = runNode(pkg, 'typescript/bin/tsc', '-p', 'tsconfig.build.json');
    expect(build).toEqual({ status: 0, output: '' });

    // `npm run generate` after the build: the committed schemas are already what it writes.
    const committed = schemaTexts(pkg);
    const generate = spawnSync(process.execPath, ['dist/bin/generateSchemas.js'], {
      cwd: pkg,
      encoding: 'utf8',
      timeout: PROCESS_TIMEOUT_MS,
    });
    expect(generate.stdout).toBe('wrote 6 schema files, removed 0\n');
    expect(schemaTexts(pkg)).toEqual(committed);

    const report = join(root, 'jest-report.json');
    const jest = runNode(pkg, 'jest/bin/jest.js', '--ci', '--json', `--outputFile=${report}`);
    expect({ status: jest.status, tail: jest.output.slice(-3000) }).toEqual(
      expect.objectContaining({ status: 0 }),
    );
    const results = JSON.parse(readFileSync(report, 'utf8')) as JestJson;
    expect(results.numFailedTests).toBe(0);
    const conformance = results.testResults
      .filter((suite) => suite.name.endsWith('conformance.test.ts'))
      .flatMap((suite) => suite.assertionResults);
    // runConformance declares one test per check (ten today), all under one describe.
    expect(conformance.length).toBeGreaterThanOrEqual(10);
    for (const test of conformance) {
      expect(test).toEqual(
        expect.objectContaining({ ancestorTitles: [`conformance: ${KEY}`], status: 'passed' }),
      );
    }

    const lint = runNode(root, 'eslint/bin/eslint.js', PACKAGE_DIR, '--max-warnings=0');
    expect(lint).toEqual({ status: 0, output: '' });
    const format = runNode(root, 'prettier/bin/prettier.cjs', '--check', PACKAGE_DIR);
    expect(format).toEqual(expect.objectContaining({ status: 0 }));

    const check = runCheck({ root });
    expect(check.findings).toEqual([]);
    expect(check.connectors).toEqual([
      expect.objectContaining({ connector: KEY, package: '@dealix/connector-acme-tickets' }),
    ]);
    expect(check.passed).toBe(true);
  }, 180_000);

  it("passes the gate's diff as a new connector with its changeset", async () => {
    const diff = await runDiff({ root, base: 'HEAD', acknowledge: false });
    expect(diff.findings.filter((finding) => finding.fails)).toEqual([]);
    expect(diff.findings.map((finding) => finding.rule)).toContain('connector_added');
    expect(diff.passed).toBe(true);
  }, 60_000);
});
