import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

/**
 * npm workspace patterns of the forms core's discovery expands (`a/b` and `a/b/*`), read from
 * the root package.json text of one side (base or head).
 */
export function workspacePatterns(rootPackageJson: string | undefined): string[] {
  if (rootPackageJson === undefined) return [];
  try {
    const root = JSON.parse(rootPackageJson) as { workspaces?: unknown };
    const patterns = Array.isArray(root.workspaces) ? root.workspaces : [];
    return patterns.filter((p): p is string => typeof p === 'string').map(trimSlashes);
  } catch {
    return [];
  }
}

/**
 * The package.json paths of workspace packages among the paths of a git tree, the way core's
 * `discoverCandidates` finds workspace packages on disk.
 */
export function workspacePackageJsonPaths(
  patterns: readonly string[],
  treePaths: Iterable<string>,
): string[] {
  const exact = new Set<string>();
  const parents = new Set<string>();
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) parents.add(pattern.slice(0, -2));
    else exact.add(pattern);
  }
  const found: string[] = [];
  for (const path of treePaths) {
    if (!path.endsWith('/package.json')) continue;
    const dir = path.slice(0, -'/package.json'.length);
    const slash = dir.lastIndexOf('/');
    const parent = slash < 0 ? '' : dir.slice(0, slash);
    if (exact.has(dir) || parents.has(parent)) found.push(path);
  }
  return found.sort();
}

function trimSlashes(pattern: string): string {
  return pattern.replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * The package.json paths of workspace packages in the working tree: the same expansion over
 * the directories on disk. One readdir per `a/b/*` pattern and no per-package stat, so a
 * thousand packages cost a thousand reads of package.json, each done once.
 */
export function workspacePackageJsonPathsOnDisk(
  rootDir: string,
  patterns: readonly string[],
): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    if (!pattern.endsWith('/*')) {
      found.add(`${pattern}/package.json`);
      continue;
    }
    const parent = pattern.slice(0, -2);
    for (const entry of listDir(join(rootDir, parent))) {
      if (entry.isDirectory() || entry.isSymbolicLink())
        found.add(`${parent}/${entry.name}/package.json`);
    }
  }
  return [...found].sort();
}

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
