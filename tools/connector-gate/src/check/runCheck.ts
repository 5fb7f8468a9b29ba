import { CORE_PACKAGE, CORE_VERSION } from '@dealix/connector-core';
import type { Finding } from '../findings/finding';
import { readPackageFacts } from '../repo/connectorSide';
import { readHeadConnectors, type HeadConnectors } from '../repo/headSide';
import type { GateReport } from '../report/gateReport';
import { coreArtifactFindings } from './coreArtifacts';
import { declaredDependencyFindings } from './declaredDependencies';
import { metricRedefinitionFindings } from './metricDefinitions';
import { operationSchemaFindings } from './operationSchemas';
import { vendorAccessFindings } from './vendorAccess';
import { duplicateKeyFindings, packageRuleFindings, subjectOf } from './repoRules';

export interface CheckOptions {
  /** Repository root (with the workspace package.json); default cwd. */
  root?: string;
}

/**
 * `connector-gate check`: every connector manifest of the working tree against core's schema
 * and cross-field rules, plus the repository rules, plus freshness of generated files. The
 * "current core" is the repository's own core package when it has one, else the installed core.
 */
export function runCheck(options: CheckOptions = {}): GateReport {
  const head = readHeadConnectors(options.root ?? process.cwd());
  const core = findCorePackage(head);
  const coreVersion = core?.version ?? CORE_VERSION;
  const findings: Finding[] = [];
  for (const side of head.sides) {
    findings.push(...packageRuleFindings(head.rootDir, side, coreVersion));
    findings.push(...operationSchemaFindings(head.rootDir, side));
    findings.push(...vendorAccessFindings(head.rootDir, side));
    findings.push(...declaredDependencyFindings(side));
  }
  findings.push(...duplicateKeyFindings(head.sides));
  findings.push(...metricRedefinitionFindings(head.sides));
  if (core) findings.push(...coreArtifactFindings(head.rootDir, core.dir));
  return {
    command: 'check',
    acknowledged: false,
    connectors: head.sides.map((side) => ({ ...subjectOf(side), status: 'checked' })),
    findings,
    notes: [],
    passed: !findings.some((f) => f.fails),
  };
}

/**
 * The workspace package named @dealix/connector-core, if the repository holds it: among the
 * packages the scan read that declare no connector (their package.json texts kept).
 */
function findCorePackage(
  head: HeadConnectors,
): { dir: string; version: string | undefined } | undefined {
  for (const path of head.otherPackages) {
    const facts = readPackageFacts(head.texts.get(path));
    if (facts.name === CORE_PACKAGE) {
      return { dir: path.slice(0, -'/package.json'.length), version: facts.version };
    }
  }
  return undefined;
}
