import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeBuiltPlugin, writeRenderedSchemas } from '../__fixtures__/builtPlugin';
import { packageDir, packageName, TempRepo } from '../__fixtures__/tempRepo';
import { main } from './runCli';

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((repo) => repo.cleanup()));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** A built connector committed as base; the head raises its timeout (a relaxation). */
function relaxedRepo(): { repo: TempRepo; base: string } {
  const repo = new TempRepo();
  repos.push(repo);
  repo.addConnector('alpha');
  writeBuiltPlugin(repo, 'alpha', ['create_charge', 'get_charge']);
  writeRenderedSchemas(repo, ['create_charge', 'get_charge'], packageDir('alpha'));
  repo.write('.gitignore', 'dist\n');
  const base = repo.commit('base');
  repo.editManifest('alpha', (m) => (m.timeout_ms = 9000));
  repo.changeset('slower', { [packageName('alpha')]: 'minor' });
  repo.commit('head');
  return { repo, base };
}

describe('connector-gate CLI exit codes', () => {
  it('prints help with the exit codes and exits 0', async () => {
    const out = await cli('--help');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Exit codes:');
    expect((await cli('diff', '--help')).stdout).toContain('--acknowledge');
  });

  it.each([
    ['no command', []],
    ['an unknown command', ['lint']],
    ['an unknown option', ['check', '--fast']],
    ['diff without --base', ['diff']],
    ['an unknown format', ['check', '--format', 'xml']],
  ])('exits 2 on a usage error: %s', async (_name, argv) => {
    expect((await cli(...argv)).code).toBe(2);
  });

  it('exits 0 when check passes and 1 when it fails', async () => {
    const { repo } = relaxedRepo();
    const pass = await cli('check', '--root', repo.dir);
    expect(pass).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    expect(pass.stdout).toContain('connector-gate check: PASS');
    repo.remove(`${packageDir('alpha')}/README.md`);
    const fail = await cli('check', '--root', repo.dir);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain(`${packageDir('alpha')}/README.md is missing`);
  });

  it('exits 1 on an unacknowledged relaxation and 0 once acknowledged', async () => {
    const { repo, base } = relaxedRepo();
    const fail = await cli('diff', '--root', repo.dir, '--base', base);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/timeout_ms\s+5000 -> 9000\s+timeout raised\s+relaxation\s+fails/);
    const pass = await cli('diff', '--root', repo.dir, '--base', base, '--acknowledge');
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain('passes (acknowledged by a reviewer)');
  });

  it('exits 2 with a message for an unknown ref or a folder that is not the repository root', async () => {
    const { repo } = relaxedRepo();
    const badRef = await cli('diff', '--root', repo.dir, '--base', 'no-such-branch');
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toContain('no-such-branch');
    const subdir = await cli('diff', '--root', join(repo.dir, 'packages'), '--base', 'HEAD');
    expect(subdir.code).toBe(2);
    expect((await cli('check', '--root', join(repo.dir, 'missing'))).code).toBe(2);
  });
});

describe('connector-gate output formats', () => {
  it('writes GitHub annotations at the manifest file and the line of the field', async () => {
    const { repo, base } = relaxedRepo();
    const out = await cli('diff', '--root', repo.dir, '--base', base, '--format', 'github');
    const manifest = readFileSync(join(repo.dir, packageDir('alpha'), 'connector.json'), 'utf8');
    const line = manifest.split('\n').findIndex((l) => l.includes('"timeout_ms"')) + 1;
    expect(out.stdout.split('\n')).toContainEqual(
      `::error file=${packageDir('alpha')}/connector.json,line=${line},title=timeout raised (alpha)::timeout_ms raised from 5000 to 9000 [5000 -> 9000]`,
    );
  });

  it('writes Markdown with a summary line and a section per connector, also to --summary-file', async () => {
    const { repo, base } = relaxedRepo();
    const summary = join(repo.dir, 'summary.md');
    const out = await cli(
      'diff',
      '--root',
      repo.dir,
      '--base',
      base,
      '--format',
      'markdown',
      '--summary-file',
      summary,
    );
    const [first] = out.stdout.split('\n');
    expect(first).toMatch(
      /^\*\*connector-gate diff against [0-9a-f]{40}: FAIL \(1 changed; 1 failing \(1 relaxation\)/,
    );
    expect(out.stdout).toContain('### `alpha` (\\@dealix\\/connector\\-alpha)');
    expect(out.stdout).toContain(
      '| `timeout_ms` | `5000` → `9000` | timeout raised | relaxation | **fails** | timeout\\_ms raised from 5000 to 9000 |',
    );
    expect(readFileSync(summary, 'utf8')).toBe(out.stdout);
  });

  it('writes JSON with the verdict, exit code and the rules that fired', async () => {
    const { repo, base } = relaxedRepo();
    const out = await cli('diff', '--root', repo.dir, '--base', base, '--format', 'json');
    const parsed = JSON.parse(out.stdout) as {
      exitCode: number;
      passed: boolean;
      findings: Array<{ rule: string }>;
      rules: Record<string, { severity: string }>;
    };
    expect(parsed.exitCode).toBe(1);
    expect(parsed.passed).toBe(false);
    expect(parsed.findings.map((f) => f.rule)).toEqual(['timeout_raised']);
    expect(parsed.rules.timeout_raised?.severity).toBe('relaxation');
  });
});
