import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A package directory that declares a connector, and how it was found. */
export interface Candidate {
  /** Real path of the package directory (symlinks resolved, so a package is seen once). */
  dir: string;
  foundBy: 'workspace' | 'dependency' | 'path';
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function declaresConnector(dir: string): boolean {
  const pkg = readJson(join(dir, 'package.json'));
  const dealix = pkg?.dealix as { connector?: unknown } | undefined;
  return dealix?.connector !== undefined;
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((p) => {
        try {
          return statSync(p).isDirectory();
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

/** Expands npm workspace patterns of the form `a/b` and `a/b/*` (the forms this repo uses). */
function workspaceDirs(rootDir: string): string[] {
  const root = readJson(join(rootDir, 'package.json'));
  const patterns = Array.isArray(root?.workspaces) ? (root.workspaces as string[]) : [];
  return patterns.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? subdirs(join(rootDir, pattern.slice(0, -2)))
      : [join(rootDir, pattern)],
  );
}

/** Installed dependencies: node_modules/<name> and node_modules/@scope/<name>. */
function dependencyDirs(rootDir: string): string[] {
  const modules = join(rootDir, 'node_modules');
  return subdirs(modules).flatMap((d) => (d.split('/').pop()!.startsWith('@') ? subdirs(d) : [d]));
}

/**
 * Finds connector packages among the workspace packages, the installed dependencies and the
 * explicit paths. A package reached twice (a workspace linked into node_modules) is one
 * candidate; two different directories with one key are the loader's duplicate-key error.
 * Explicit paths are always candidates, so a missing manifest there is an error, never a skip.
 */
export function discoverCandidates(
  rootDir: string,
  explicitPaths: readonly string[] = [],
): Candidate[] {
  const seen = new Map<string, Candidate>();
  const add = (dir: string, foundBy: Candidate['foundBy'], force = false) => {
    if (!existsSync(dir)) {
      if (force) seen.set(resolve(dir), { dir: resolve(dir), foundBy });
      return;
    }
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    if (force || declaresConnector(real)) seen.set(real, { dir: real, foundBy });
  };
  for (const dir of workspaceDirs(rootDir)) add(dir, 'workspace');
  for (const dir of dependencyDirs(rootDir)) add(dir, 'dependency');
  for (const p of explicitPaths) add(resolve(rootDir, p), 'path', true);
  return [...seen.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}
