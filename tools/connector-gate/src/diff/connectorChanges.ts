import { CORE_PACKAGE, parseManifestText } from '@dealix/connector-core';
import type { ConnectorSide } from '../repo/connectorSide';
import { show, type Change } from './change';
import { tenantHostChangesOfNew } from './compareHosts';
import { compareManifests } from './compareManifests';
import { compareSchemaFiles, type SchemaFiles } from './compareSchemas';
import { newConnectorRelaxations } from './newGovernance';
import type { ConnectorPair } from './pairConnectors';

export const CORE_RANGE_PATH = `peerDependencies[${JSON.stringify(CORE_PACKAGE)}]`;

/** The committed schema files of both sides, when the comparison needs them. */
export interface PairSchemas {
  base: SchemaFiles;
  head: SchemaFiles;
}

/** Every classified change of one connector between base and head. */
export function connectorChanges(pair: ConnectorPair, schemas: PairSchemas | undefined): Change[] {
  const { base, head } = pair;
  if (head === undefined) {
    return [
      {
        path: '(root)',
        rule: 'connector_deleted',
        before: base?.key,
        message: `connector ${base?.key} (${base?.name}) deleted from ${base?.manifestFile}`,
      },
    ];
  }
  const changes: Change[] = [];
  if (base === undefined) {
    changes.push({
      path: '(root)',
      rule: 'connector_added',
      after: head.key,
      message: `connector ${head.key ?? head.name} added at ${head.manifestFile}`,
    });
  }
  const headInvalid = invalidChanges(head);
  changes.push(...headInvalid);
  if (headInvalid.length > 0 || !head.validation?.ok) return changes;
  if (base === undefined) {
    const manifest = head.validation.manifest;
    return [...changes, ...tenantHostChangesOfNew(manifest), ...newConnectorRelaxations(manifest)];
  }
  const baseValidation =
    base.validation ?? parseManifestText(base.manifestText ?? '', base.manifestFile);
  if (base.key !== head.key) {
    changes.push({
      path: 'connector_key',
      rule: 'key_renamed',
      before: base.key,
      after: head.key,
      message: `connector_key renamed from ${show(base.key)} to ${show(head.key)} in ${head.name}`,
    });
  }
  if (base.name !== head.name) {
    changes.push({
      path: '(root)',
      rule: 'package_renamed',
      before: base.name,
      after: head.name,
      message: `package renamed from ${base.name} to ${head.name}`,
    });
  }
  if (base.manifestFile !== head.manifestFile) {
    changes.push({
      path: '(root)',
      rule: 'manifest_moved',
      before: base.manifestFile,
      after: head.manifestFile,
      message: `manifest moved from ${base.manifestFile} to ${head.manifestFile}`,
    });
  }
  if (base.coreRange !== head.coreRange) {
    changes.push({
      path: CORE_RANGE_PATH,
      rule: 'core_range_changed',
      before: base.coreRange,
      after: head.coreRange,
      message: `core peer range ${show(base.coreRange)} → ${show(head.coreRange)}`,
    });
  }
  if (!baseValidation.ok) {
    changes.push({
      path: '(root)',
      rule: 'base_invalid',
      message: `the base manifest ${base.manifestFile} did not validate (${baseValidation.issues.length} issue(s)); review the whole head manifest`,
    });
    return changes;
  }
  if (base.manifestText !== head.manifestText) {
    changes.push(...compareManifests(baseValidation.manifest, head.validation.manifest));
  }
  if (schemas) {
    const ops = (side: { operations: object }) => new Set(Object.keys(side.operations));
    const events = (side: { webhook_events?: readonly string[] | undefined }) =>
      new Set(side.webhook_events ?? []);
    changes.push(
      ...compareSchemaFiles(
        schemas.base,
        schemas.head,
        ops(baseValidation.manifest),
        ops(head.validation.manifest),
        events(baseValidation.manifest),
        events(head.validation.manifest),
      ),
    );
  }
  return changes;
}

function invalidChanges(head: ConnectorSide): Change[] {
  if (head.manifestOutside !== undefined) {
    return [
      {
        path: '(root)',
        rule: 'manifest_invalid',
        message: `${head.dir}/package.json: ${head.manifestOutside}`,
      },
    ];
  }
  if (head.manifestText === undefined) {
    return [
      {
        path: '(root)',
        rule: 'manifest_invalid',
        message: `${head.manifestFile} does not exist (named by "dealix.connector" in ${head.dir}/package.json)`,
      },
    ];
  }
  if (!head.validation || head.validation.ok) return [];
  return head.validation.issues.map((issue) => ({
    path: issue.path,
    rule: 'manifest_invalid',
    after: issue.code,
    message: issue.message,
  }));
}
