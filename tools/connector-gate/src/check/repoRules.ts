import { existsSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { CORE_PACKAGE } from '@dealix/connector-core';
import type { Finding } from '../findings/finding';
import { jsonLineIndex, lineOf } from '../locate/jsonLineIndex';
import { packageNameForKey, type ConnectorSide } from '../repo/connectorSide';
import { checkFinding, type CheckSubject } from './checkFinding';

export function subjectOf(side: ConnectorSide): CheckSubject {
  return {
    connector: side.key ?? side.name ?? side.dir,
    package: side.name ?? side.dir,
    manifestFile: side.manifestFile,
  };
}

/**
 * The rules of one connector package that need no code: package.json, the manifest (core's
 * validation, which also checks every `${config.x}` in allowed_hosts names a config field with
 * host_pattern), the package name, README and CHANGELOG, and the core peer range.
 */
export function packageRuleFindings(
  rootDir: string,
  side: ConnectorSide,
  coreVersion: string,
): Finding[] {
  const subject = subjectOf(side);
  const findings: Finding[] = [];
  const packageJson = `${side.dir}/package.json`;
  if (side.packageProblem) {
    findings.push(
      checkFinding(subject, 'package_invalid', `${packageJson}: ${side.packageProblem}`, {
        file: packageJson,
      }),
    );
  }
  if (side.manifestOutside !== undefined) {
    findings.push(
      checkFinding(subject, 'package_invalid', `${packageJson}: ${side.manifestOutside}`, {
        file: packageJson,
      }),
    );
  } else if (side.manifestText === undefined) {
    findings.push(
      checkFinding(
        subject,
        'manifest_missing',
        `${side.manifestFile} does not exist (named by "dealix.connector" in ${packageJson})`,
        { file: packageJson },
      ),
    );
  } else if (side.validation && !side.validation.ok) {
    const index = jsonLineIndex(side.manifestText);
    for (const issue of side.validation.issues) {
      findings.push(
        checkFinding(subject, 'manifest_invalid', issue.message, {
          path: issue.path,
          line: lineOf(index, issue.path),
        }),
      );
    }
  }
  if (
    side.key !== undefined &&
    side.name !== undefined &&
    side.name !== packageNameForKey(side.key)
  ) {
    findings.push(
      checkFinding(
        subject,
        'package_name',
        `${packageJson} names the package ${side.name}; connector_key "${side.key}" needs ${packageNameForKey(side.key)}`,
        { file: packageJson },
      ),
    );
  }
  for (const [file, rule] of [
    ['README.md', 'readme_missing'],
    ['CHANGELOG.md', 'changelog_missing'],
  ] as const) {
    if (!existsSync(join(rootDir, side.dir, file))) {
      findings.push(checkFinding(subject, rule, `${side.dir}/${file} is missing`));
    }
  }
  const rangeProblem = coreRangeProblem(side.coreRange, coreVersion);
  if (rangeProblem !== undefined) {
    const path = `peerDependencies[${JSON.stringify(CORE_PACKAGE)}]`;
    const text = side.packageText;
    const line = text === undefined ? 1 : lineOf(jsonLineIndex(text), path);
    findings.push(
      checkFinding(subject, 'core_range', `${packageJson}: ${rangeProblem}`, {
        path,
        line,
        file: packageJson,
      }),
    );
  }
  return findings;
}

function coreRangeProblem(range: unknown, coreVersion: string): string | undefined {
  if (range === undefined)
    return `no peerDependencies["${CORE_PACKAGE}"]; add e.g. "^${semver.major(coreVersion)}.0.0"`;
  if (typeof range !== 'string' || semver.validRange(range) === null) {
    return `peerDependencies["${CORE_PACKAGE}"] ${JSON.stringify(range)} is not a semver range`;
  }
  if (!semver.satisfies(coreVersion, range)) {
    return `peerDependencies["${CORE_PACKAGE}"] ${range} excludes the current core ${coreVersion}`;
  }
  return undefined;
}

/** Two packages with one connector_key: the loader would refuse both. */
export function duplicateKeyFindings(sides: readonly ConnectorSide[]): Finding[] {
  const byKey = new Map<string, ConnectorSide[]>();
  for (const side of sides) {
    if (side.key === undefined) continue;
    byKey.set(side.key, [...(byKey.get(side.key) ?? []), side]);
  }
  return [...byKey.values()]
    .filter((list) => list.length > 1)
    .flatMap((list) =>
      list.map((side) =>
        checkFinding(
          subjectOf(side),
          'duplicate_key',
          `connector_key "${side.key}" is declared by ${list.map((s) => s.manifestFile).join(' and ')}`,
          { path: 'connector_key' },
        ),
      ),
    );
}
