import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import { codeUnitOrder } from './codeUnitOrder';

/** A package directory that declares a connector, and how it was found. */
export interface Candidate {
  /** Real path of the package directory (symlinks resolved, so a package is seen once). */
  dir: string;
  foundBy: 'workspace' | 'dependency' | 'path';
  /** Its package.json, parsed, when discovery read it (the loader does not read it again). */
  packageJson?: Record<string, unknown>;
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The package.json of a package that declares a connector; undefined for any other. */
function connectorPackageJson(dir: string): Record<string, unknown> | undefined {
  const pkg = readJson(join(dir, 'package.json'));
  const dealix = pkg?.dealix as { connector?: unknown } | undefined;
  return dealix?.connector !== undefined ? pkg : undefined;
}

function realpathOrUndefined(dir: string): string | undefined {
  try {
    return realpathSync(dir);
  } catch {
    return undefined;
  }
}

/** A directory found by a listing: its path, and its real path when known without a lookup. */
interface Found {
  path: string;
  real?: string;
}

/**
 * The subdirectories of `dir`. One realpath for `dir`: a plain directory inside it is real as
 * listed, so only symbolic links are resolved one by one (a thousand packages, not a thousand
 * realpath walks).
 */
function subdirs(dir: string): Found[] {
  let realDir: string;
  let entries: Dirent[];
  try {
    realDir = realpathSync(dir);
    entries = readdirSync(realDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: Found[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push({ path, real: join(realDir, entry.name) });
    else if (entry.isSymbolicLink() && isDirectory(path)) found.push({ path });
  }
  return found;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Expands npm workspace patterns of the form `a/b` and `a/b/*` (the forms this repo uses). */
function workspaceDirs(rootDir: string): Found[] {
  const root = readJson(join(rootDir, 'package.json'));
  const patterns = Array.isArray(root?.workspaces) ? (root.workspaces as string[]) : [];
  return patterns.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? subdirs(join(rootDir, pattern.slice(0, -2)))
      : [{ path: join(rootDir, pattern) }],
  );
}

/** Installed dependencies: node_modules/<name> and node_modules/@scope/<name>. */
function dependencyDirs(rootDir: string): Found[] {
  const modules = join(rootDir, 'node_modules');
  return subdirs(modules).flatMap((d) =>
    d.path.split('/').pop()!.startsWith('@') ? subdirs(d.path) : [d],
  );
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
  const add = (dir: string, foundBy: Candidate['foundBy'], force = false, known?: string) => {
    const real = known ?? realpathOrUndefined(dir);
    if (real === undefined) {
      if (force) seen.set(resolve(dir), { dir: resolve(dir), foundBy });
      return;
    }
    if (seen.has(real)) return;
    if (force) {
      seen.set(real, { dir: real, foundBy });
      return;
    }
    const packageJson = connectorPackageJson(real);
    if (packageJson) seen.set(real, { dir: real, foundBy, packageJson });
  };
  for (const d of workspaceDirs(rootDir)) add(d.path, 'workspace', false, d.real);
  for (const d of dependencyDirs(rootDir)) add(d.path, 'dependency', false, d.real);
  for (const p of explicitPaths) add(resolve(rootDir, p), 'path', true);
  return [...seen.values()].sort((a, b) => codeUnitOrder(a.dir, b.dir));
}
