/**
 * Assigns each changed path to the connector package directory that contains it, walking up
 * its parent directories (so the cost follows the number of changed paths, not of packages).
 */
export function changedPathsByPackage(
  changed: Iterable<string>,
  packageDirs: readonly string[],
): Map<string, string[]> {
  const dirs = new Set(packageDirs);
  const byDir = new Map<string, string[]>();
  for (const path of changed) {
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
      const dir = path.slice(0, cut);
      if (!dirs.has(dir)) continue;
      const list = byDir.get(dir);
      if (list) list.push(path);
      else byDir.set(dir, [path]);
      break;
    }
  }
  return byDir;
}
