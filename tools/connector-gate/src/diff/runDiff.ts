import { existsSync, realpathSync } from 'node:fs';
import { changesetFindings } from '../changesets/changesetFindings';
import { changesetsNaming, readNewChangesets } from '../changesets/newChangesets';
import type { Finding } from '../findings/finding';
import { GATE_RULES } from '../findings/gateRules';
import { GateError } from '../gateError';
import { jsonLineIndex, lineOf } from '../locate/jsonLineIndex';
import { BaseFiles, isAdded, queryBase } from '../repo/baseSnapshot';
import { readBaseConnectors } from '../repo/baseSide';
import { readPackageFacts, type ConnectorSide } from '../repo/connectorSide';
import { readHeadConnectorsYielding, validateSide } from '../repo/headSide';
import { GitBlobBatch } from '../repo/gitBlobBatch';
import type { ConnectorEntry, GateReport } from '../report/gateReport';
import type { Change } from './change';
import { connectorChanges, CORE_RANGE_PATH } from './connectorChanges';
import { decideFindings } from './decideFindings';
import { pairConnectors, type ConnectorPair } from './pairConnectors';
import { changedPathsByPackage } from './pathIndex';
import { readPairSchemas } from './pairSchemas';

export interface DiffOptions {
  /** Repository root (the git top level with the workspace package.json); default cwd. */
  root?: string;
  /** Git ref of the base: a branch, tag or commit. */
  base: string;
  /** A reviewer acknowledged the governance relaxations (CI sets it from a label). */
  acknowledge?: boolean;
}

/**
 * `connector-gate diff`: compares every connector of the base ref with the working tree and
 * classifies each change. Git runs in three processes (two queries, and one
 * `cat-file --batch` for every base blob), concurrently with reading the head packages.
 */
export async function runDiff(options: DiffOptions): Promise<GateReport> {
  const root = options.root ?? process.cwd();
  if (!existsSync(root)) throw new GateError('GATE_USAGE', `--root ${root} does not exist`);
  const rootDir = realpathSync(root);
  // One cat-file process for the run, spawned now so its start-up overlaps the rest.
  const batch = new GitBlobBatch(rootDir);
  try {
    const queriesPromise = queryBase(rootDir, options.base).then((queries) => {
      const files = new BaseFiles(rootDir, queries, batch);
      files.prefetch();
      return { queries, files };
    });
    // Keeps an early git failure from being unhandled while head manifests are validated.
    queriesPromise.catch(() => undefined);
    batch.start();
    const head = await readHeadConnectorsYielding(rootDir);
    const { queries, files } = await queriesPromise;
    files.useHeadTexts(head.texts);
    const baseSidesRead = readBaseConnectors(files, queries, head);
    // While cat-file answers: a package without a changed file has nothing to classify (its
    // manifest is the base's, and check validates it); everything else is validated now.
    const changedInHead = changedPathsByPackage(
      queries.changed,
      head.sides.map((s) => s.dir),
    );
    for (const side of head.sides) {
      const isNew =
        isAdded(queries, side.manifestFile) || isAdded(queries, `${side.dir}/package.json`);
      if (isNew || changedInHead.has(side.dir)) validateSide(side);
    }
    const baseSides = await baseSidesRead;
    const changedByDir = changedPathsByPackage(
      queries.changed,
      [...baseSides, ...head.sides].map((s) => s.dir),
    );
    const fileOf = (pair: ConnectorPair) => (pair.head ?? pair.base)!.manifestFile;
    const pairs = pairConnectors(baseSides, head.sides).sort((a, b) =>
      fileOf(a) < fileOf(b) ? -1 : fileOf(a) > fileOf(b) ? 1 : 0,
    );
    const schemas = await readPairSchemas(head.rootDir, pairs, queries, changedByDir, files);
    const changesets = readNewChangesets(head.rootDir, (path) => !isAdded(queries, path));
    const findings: Finding[] = [];
    const connectors: ConnectorEntry[] = [];
    for (const [i, pair] of pairs.entries()) {
      const changes = connectorChanges(pair, schemas[i]);
      const changedFiles = [pair.base?.dir, pair.head?.dir]
        .filter((dir, n, all): dir is string => dir !== undefined && all.indexOf(dir) === n)
        .flatMap((dir) => changedByDir.get(dir) ?? []);
      if (changedFiles.length > 0 && !changes.some((c) => GATE_RULES[c.rule].bump !== undefined)) {
        const shown =
          changedFiles.slice(0, 5).join(', ') + (changedFiles.length > 5 ? ', ...' : '');
        changes.push({ path: '(root)', rule: 'files_changed', message: `files changed: ${shown}` });
      }
      connectors.push(entryOf(pair, changes));
      if (changes.length === 0) continue;
      const placed = placeChanges(pair, changes);
      const packageName = placed[0]!.package;
      findings.push(
        ...decideFindings({
          findings: placed,
          packageName,
          declared: changesets.bumps.get(packageName),
          acknowledged: options.acknowledge === true,
        }),
      );
    }
    const workspacePackages = new Set(
      head.packageJsonPaths
        .map((path) => readPackageFacts(head.texts.get(path)).name)
        .filter((name): name is string => name !== undefined),
    );
    const deletedPackages = new Set(
      pairs
        .filter((pair) => pair.head === undefined)
        .map((pair) => pair.base?.name)
        .filter((name): name is string => name !== undefined && !workspacePackages.has(name)),
    );
    findings.push(
      ...changesetFindings(
        changesets,
        workspacePackages,
        deletedPackages,
        deletedPackages.size > 0 ? changesetsNaming(head.rootDir) : new Map(),
      ),
    );
    return {
      command: 'diff',
      base: options.base,
      acknowledged: options.acknowledge === true,
      connectors,
      findings,
      notes: [],
      passed: !findings.some((f) => f.fails),
    };
  } finally {
    await batch.close();
  }
}

function entryOf(pair: ConnectorPair, changes: readonly Change[]): ConnectorEntry {
  const side = (pair.head ?? pair.base)!;
  const entry: ConnectorEntry = {
    connector: side.key ?? side.name ?? side.dir,
    package: side.name ?? side.dir,
    manifestFile: side.manifestFile,
    status: !pair.base
      ? 'added'
      : !pair.head
        ? 'deleted'
        : changes.length > 0
          ? 'changed'
          : 'unchanged',
  };
  if (pair.base && pair.base.manifestFile !== side.manifestFile)
    entry.baseManifestFile = pair.base.manifestFile;
  return entry;
}

/** Attaches identity, severity, bump and the head line of the field to each change. */
function placeChanges(pair: ConnectorPair, changes: readonly Change[]): Finding[] {
  const side: ConnectorSide = (pair.head ?? pair.base)!;
  const manifestIndex =
    pair.head?.manifestText === undefined ? undefined : jsonLineIndex(pair.head.manifestText);
  return changes.map((change): Finding => {
    const rule = GATE_RULES[change.rule];
    const finding: Finding = {
      connector: side.key ?? side.name ?? side.dir,
      package: side.name ?? side.dir,
      manifestFile: side.manifestFile,
      path: change.path,
      rule: change.rule,
      severity: rule.severity,
      message: change.message,
      fails: false,
    };
    if (change.before !== undefined) finding.before = change.before;
    if (change.after !== undefined) finding.after = change.after;
    if (rule.bump !== undefined) finding.requiredBump = rule.bump;
    if (change.path === CORE_RANGE_PATH && pair.head) {
      finding.file = `${pair.head.dir}/package.json`;
      const pkgText = pair.head.packageText;
      finding.line = pkgText === undefined ? 1 : lineOf(jsonLineIndex(pkgText), change.path);
    } else if (manifestIndex) {
      finding.line = lineOf(manifestIndex, change.path);
    }
    return finding;
  });
}
