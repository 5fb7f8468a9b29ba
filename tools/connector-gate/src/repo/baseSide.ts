import { isAdded, type BaseFiles, type BaseQueries } from './baseSnapshot';
import {
  connectorSide,
  rawConnectorKey,
  readPackageFacts,
  type ConnectorSide,
} from './connectorSide';
import type { HeadConnectors } from './headSide';
import {
  workspacePackageJsonPaths,
  workspacePackageJsonPathsOnDisk,
  workspacePatterns,
} from './workspaces';

/**
 * The connector packages of the base commit, found the way the head side finds them
 * (workspace packages whose package.json declares "dealix.connector"). A package whose
 * package.json and manifest git reports unchanged IS its head side (same object, nothing
 * parsed or validated again); only changed packages are read from git and parsed. A package
 * whose manifest file is missing at the base is no connector there, so the head reports it
 * as added. A changed base manifest is validated later, only when compared.
 */
export async function readBaseConnectors(
  files: BaseFiles,
  queries: BaseQueries,
  head: HeadConnectors,
): Promise<ConnectorSide[]> {
  const [rootPackageJson] = await files.texts(['package.json']);
  const patterns = workspacePatterns(rootPackageJson);
  // The base's packages: those still in the working tree and not added since, plus those git
  // reports deleted or changed (their base blob is known).
  const onDisk =
    patterns.join('\n') === head.patterns.join('\n')
      ? head.packageJsonPaths
      : workspacePackageJsonPathsOnDisk(head.rootDir, patterns);
  const packagePaths = [
    ...new Set([
      ...onDisk.filter((path) => !isAdded(queries, path)),
      ...workspacePackageJsonPaths(patterns, queries.baseBlobs.keys()),
    ]),
  ].sort();
  const headByPackageJson = new Map(head.sides.map((side) => [`${side.dir}/package.json`, side]));
  const unchanged = (path: string) => !queries.changed.has(path);
  const sides: ConnectorSide[] = [];
  const changedPaths: string[] = [];
  for (const path of packagePaths) {
    if (unchanged(path) && head.otherPackages.has(path)) continue;
    const headSide = unchanged(path) ? headByPackageJson.get(path) : undefined;
    if (headSide && unchanged(headSide.manifestFile)) {
      sides.push(headSide);
    } else {
      changedPaths.push(path);
    }
  }
  const packageTexts = await files.texts(changedPaths);
  const packages = changedPaths
    .map((path, i) => ({
      dir: path.slice(0, -'/package.json'.length),
      text: packageTexts[i],
      facts: readPackageFacts(packageTexts[i]),
    }))
    .filter((p) => p.facts.declaresConnector)
    .map((p) => connectorSide(p.dir, p.facts, p.text));
  const manifestTexts = await files.texts(packages.map((p) => p.manifestFile));
  packages.forEach((pkg, i) => {
    const manifestText = manifestTexts[i];
    if (manifestText === undefined) return;
    sides.push({ ...pkg, manifestText, validation: undefined, key: rawConnectorKey(manifestText) });
  });
  return sides;
}
