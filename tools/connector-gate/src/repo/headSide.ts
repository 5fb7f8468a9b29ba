import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { manifestOutsidePackage, parseManifestText } from '@dealix/connector-core';
import { GateError } from '../gateError';
import {
  connectorSide,
  rawConnectorKey,
  readPackageFacts,
  writtenConnectorKey,
  type ConnectorSide,
} from './connectorSide';
import { workspacePackageJsonPathsOnDisk, workspacePatterns } from './workspaces';

/** The connectors of the working tree, and the text of every file read to find them. */
export interface HeadConnectors {
  /** Real path of the repository root. */
  rootDir: string;
  sides: ConnectorSide[];
  /** Repository-relative path → text, so the base side can reuse unchanged files. */
  texts: Map<string, string>;
  /** package.json paths of workspace packages that declare no connector. */
  otherPackages: Set<string>;
  /** The root package.json's workspace patterns, and the package.json paths they matched. */
  patterns: string[];
  packageJsonPaths: string[];
}

export function readTextOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Finds the working tree's connector packages as core's loader discovers workspace packages
 * (`discoverCandidates`: workspace folders whose package.json has "dealix.connector"; installed
 * dependencies are not the repository's to gate), reading each package.json once, and
 * validates every manifest with core's parseManifestText.
 */
export function readHeadConnectors(root: string): HeadConnectors {
  const steps = scanHead(root, true);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * For diff: the same packages and manifest texts, keys read from the raw JSON, validation left
 * to `validateSide` (the diff validates what changed; check validates everything). Gives the
 * event loop a turn every few packages, so git processes started before it are answered (and
 * their follow-up reads sent) while files are read.
 */
export async function readHeadConnectorsYielding(root: string): Promise<HeadConnectors> {
  const steps = scanHead(root, false);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const PACKAGES_PER_SLICE = 50;

function* scanHead(root: string, validate: boolean): Generator<void, HeadConnectors> {
  let rootDir: string;
  try {
    rootDir = realpathSync(root);
  } catch (error) {
    throw new GateError('GATE_USAGE', `--root ${root} does not exist`, { cause: error });
  }
  const rootPackageJson = readTextOrUndefined(join(rootDir, 'package.json'));
  if (rootPackageJson === undefined) {
    throw new GateError(
      'GATE_REPO',
      `${rootDir} has no package.json: run the gate at the repository root`,
    );
  }
  const texts = new Map<string, string>([['package.json', rootPackageJson]]);
  const read = (path: string) => {
    const text = readTextOrUndefined(join(rootDir, path));
    if (text !== undefined) texts.set(path, text);
    return text;
  };
  const sides: ConnectorSide[] = [];
  const otherPackages = new Set<string>();
  const patterns = workspacePatterns(rootPackageJson);
  const paths = workspacePackageJsonPathsOnDisk(rootDir, patterns);
  for (const [n, packageJsonPath] of paths.entries()) {
    if (n > 0 && n % PACKAGES_PER_SLICE === 0) yield;
    const packageText = read(packageJsonPath);
    if (packageText === undefined) continue;
    const facts = readPackageFacts(packageText);
    if (!facts.declaresConnector) {
      otherPackages.add(packageJsonPath);
      continue;
    }
    const base = connectorSide(
      packageJsonPath.slice(0, -'/package.json'.length),
      facts,
      packageText,
    );
    const outside =
      facts.connectorFile === undefined
        ? undefined
        : manifestOutsidePackage(join(rootDir, base.dir), facts.connectorFile);
    if (outside !== undefined) {
      sides.push({
        ...base,
        manifestText: undefined,
        manifestOutside: outside,
        validation: undefined,
        key: undefined,
      });
      continue;
    }
    const manifestText = read(base.manifestFile);
    if (manifestText === undefined) {
      sides.push({ ...base, manifestText, validation: undefined, key: undefined });
      continue;
    }
    const side: ConnectorSide = { ...base, manifestText, validation: undefined, key: undefined };
    if (validate) validateSide(side);
    else side.key = writtenConnectorKey(manifestText);
    sides.push(side);
  }
  return { rootDir, sides, texts, otherPackages, patterns, packageJsonPaths: paths };
}

/** Validates a side's manifest text with core's parseManifestText, once. */
export function validateSide(side: ConnectorSide): void {
  if (side.validation !== undefined || side.manifestText === undefined) return;
  side.validation = parseManifestText(side.manifestText, side.manifestFile);
  side.key = side.validation.ok
    ? side.validation.manifest.connector_key
    : rawConnectorKey(side.manifestText);
}
