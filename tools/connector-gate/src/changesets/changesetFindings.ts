import type { Finding } from '../findings/finding';
import type { NewChangesets } from './newChangesets';

/**
 * The changeset files `changeset version` would refuse, as failing findings: a new file's line
 * that names no package and bump, a new file naming a package the workspace does not have, and
 * any file, pending ones too, naming a package this change deletes (changesets cannot release a
 * package that is gone, so its pending entries must go with it).
 */
export function changesetFindings(
  changesets: NewChangesets,
  workspacePackages: ReadonlySet<string>,
  deletedPackages: ReadonlySet<string>,
  allNaming: ReadonlyMap<string, readonly string[]>,
): Finding[] {
  const finding = (file: string, pkg: string, message: string): Finding => ({
    connector: 'changesets',
    package: pkg,
    manifestFile: file,
    file,
    path: '(root)',
    line: 1,
    rule: 'changeset_invalid',
    severity: 'invalid',
    message,
    fails: true,
  });
  const findings = changesets.problems.map(({ file, problem }) =>
    finding(file, '-', `${file}: ${problem}`),
  );
  for (const [pkg, files] of changesets.namedBy) {
    if (workspacePackages.has(pkg) || deletedPackages.has(pkg)) continue;
    for (const file of files)
      findings.push(
        finding(file, pkg, `${file} names ${pkg}, which is not a package of this workspace`),
      );
  }
  for (const pkg of deletedPackages) {
    for (const file of allNaming.get(pkg) ?? [])
      findings.push(
        finding(
          file,
          pkg,
          `${file} names ${pkg}, which this change deletes: a package that is gone cannot be released, so remove its entry (or the file)`,
        ),
      );
  }
  return findings;
}
