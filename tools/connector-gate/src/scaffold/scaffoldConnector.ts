import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { CORE_PACKAGE, CORE_VERSION, validateManifest } from '@dealix/connector-core';
import { GateError } from '../gateError';
import { readPackageFacts } from '../repo/connectorSide';
import { readHeadConnectors, type HeadConnectors } from '../repo/headSide';
import { connectorFiles } from './connectorFiles';
import {
  connectorKeyProblem,
  connectorNames,
  nameOptionProblem,
  type NameOptions,
} from './connectorNames';
import { manifestTemplate } from './templates/manifestTemplate';
import { TESTKIT_PACKAGE, type DependencyRanges } from './templates/packageJsonTemplate';

export interface ScaffoldOptions extends NameOptions {
  /** The connector key, `^[a-z][a-z0-9_]*$`. */
  key: string;
  /** Repository root (with the workspace package.json); default cwd. */
  root?: string;
}

export interface ScaffoldResult {
  key: string;
  packageName: string;
  /** Repository-relative package folder. */
  packageDir: string;
  /** Repository-relative paths written, sorted. */
  files: string[];
}

/**
 * `connector-gate new <key>`: writes a connector package that passes its own tests (the
 * conformance suite against a generic simulator) and `connector-gate check` as generated, plus
 * its changeset. Refuses, with a GateError `GATE_USAGE` and nothing written, a bad key or name,
 * a key some package already declares, and an existing package folder or changeset file.
 */
export function scaffoldConnector(options: ScaffoldOptions): ScaffoldResult {
  const keyProblem = connectorKeyProblem(options.key);
  if (keyProblem !== undefined) throw new GateError('GATE_USAGE', keyProblem);
  for (const [option, value] of [
    ['--display-name', options.displayName],
    ['--display-name-ar', options.displayNameAr],
    ['--owner', options.owner],
  ] as const) {
    const problem = value === undefined ? undefined : nameOptionProblem(option, value);
    if (problem !== undefined) throw new GateError('GATE_USAGE', problem);
  }
  const head = readHeadConnectors(options.root ?? process.cwd());
  const names = connectorNames(options.key, options);
  const taken = head.sides.find((side) => side.key === names.key);
  if (taken !== undefined) {
    throw new GateError(
      'GATE_USAGE',
      `connector key "${names.key}" is already declared by ${taken.manifestFile}; choose another key`,
    );
  }
  for (const path of [names.packageDir, names.changesetFile]) {
    if (existsSync(join(head.rootDir, path))) {
      throw new GateError('GATE_USAGE', `${path} already exists; the scaffolder never overwrites`);
    }
  }
  const ranges = dependencyRanges(head);
  const manifest = manifestTemplate(names);
  const validation = validateManifest(manifest, { file: `${names.packageDir}/connector.json` });
  if (!validation.ok) {
    const issues = validation.issues.map((issue) => `  ${issue.message}`).join('\n');
    throw new GateError('GATE_USAGE', `the options give an invalid manifest:\n${issues}`);
  }
  const files = connectorFiles(names, manifest, ranges);
  for (const [path, text] of files) {
    const file = join(head.rootDir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: 'wx' });
  }
  return {
    key: names.key,
    packageName: names.packageName,
    packageDir: names.packageDir,
    files: [...files.keys()].sort(),
  };
}

/**
 * The core range every connector states (`^<major>.0.0` of the repository's core, else of the
 * installed one) and the testkit range (caret of the repository's testkit, as stripe has it).
 */
function dependencyRanges(head: HeadConnectors): DependencyRanges {
  const versions = new Map<string, string>();
  for (const path of head.otherPackages) {
    const facts = readPackageFacts(head.texts.get(path));
    if (facts.name !== undefined && facts.version !== undefined) {
      versions.set(facts.name, facts.version);
    }
  }
  const coreVersion = versions.get(CORE_PACKAGE) ?? CORE_VERSION;
  const testkitVersion = versions.get(TESTKIT_PACKAGE);
  if (testkitVersion === undefined || semver.valid(testkitVersion) === null) {
    throw new GateError(
      'GATE_REPO',
      `${head.rootDir} has no workspace package ${TESTKIT_PACKAGE} with a semver version; run the scaffolder at the repository root`,
    );
  }
  return { core: `^${semver.major(coreVersion)}.0.0`, testkit: `^${testkitVersion}` };
}
