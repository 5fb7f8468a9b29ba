import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

// The host's tests pass when run alone on a clean tree (`nx test @dealix/connector-host`), and
// the host declares every package it imports.
const PACKAGE_DIR = join(__dirname, '..');
const REPO_ROOT = join(PACKAGE_DIR, '..', '..');
const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
  name: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** Test tooling the workspace root provides to every package (jest, fast-check...). */
const rootDev = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  }
).devDependencies;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'workspace' ? [] : sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or null for builtins. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? null : name;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [
    // Statements only: a test may hold the text "from '...'" inside a regular expression.
    ...text.matchAll(/^(?:import|export)\b[^;]*?\sfrom '([^']+)';/gms),
    ...text.matchAll(/\b(?:require|import)\('([^']+)'\)/g),
  ];
  return found.map((m) => packageOf(m[1]!)).filter((p): p is string => p !== null);
}

describe('the host package manifest', () => {
  it('declares every package its code imports (runtime code in dependencies)', () => {
    const undeclared: string[] = [];
    for (const file of [
      ...sourceFiles(join(PACKAGE_DIR, 'src')),
      ...sourceFiles(join(PACKAGE_DIR, 'scripts')),
    ]) {
      const testOnly = /(\.test\.ts|__fixtures__|scripts)/.test(relative(PACKAGE_DIR, file));
      for (const name of importsOf(file)) {
        const declared =
          name in pkg.dependencies ||
          (testOnly && (name in pkg.devDependencies || name in rootDev));
        if (!declared) undeclared.push(`${relative(PACKAGE_DIR, file)} imports ${name}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('nx test builds what the tests load: the host itself (bin) and every connector (sandbox)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [require.resolve('nx/bin/nx.js'), 'test', pkg.name, '--graph=stdout'],
      { cwd: REPO_ROOT, env: { ...process.env, NX_DAEMON: 'false' }, maxBuffer: 64 * 1024 * 1024 },
    );
    const graph = JSON.parse(stdout) as {
      graph: { nodes: Record<string, { data: { root: string } }> };
      tasks: { tasks: Record<string, unknown> };
    };
    const connectors = Object.entries(graph.graph.nodes)
      .filter(([, node]) => node.data.root.startsWith('packages/connectors/'))
      .map(([name]) => name);
    expect(connectors.length).toBeGreaterThan(0);
    const tasks = Object.keys(graph.tasks.tasks);
    for (const name of [pkg.name, ...connectors]) expect(tasks).toContain(`${name}:build`);
  }, 60_000);
});
