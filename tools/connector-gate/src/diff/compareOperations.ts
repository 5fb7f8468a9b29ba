import {
  resolveOperationPolicy,
  type ConnectorManifest,
  type ManifestOperation,
} from '@dealix/connector-core';
import { sameJson, show, type Change } from './change';
import { classifyGovernance, GOVERNANCE_FIELDS, type GovernanceField } from './governanceFields';
import { newOperationRelaxations } from './newGovernance';

const INFORMATIONAL: ReadonlySet<string> = new Set(['description', 'compensation_note']);
const HANDLED: ReadonlySet<string> = new Set([
  ...GOVERNANCE_FIELDS,
  ...INFORMATIONAL,
  'kind',
  'audit_events',
  'compensation',
  'vendor_call',
]);

/**
 * Operations: removal breaks callers, an addition needs a changeset, and each kept operation's
 * effective policy (its own fields over the connector defaults, from core's
 * resolveOperationPolicy) is classified field by field.
 */
export function compareOperations(base: ConnectorManifest, head: ConnectorManifest): Change[] {
  const changes: Change[] = [];
  for (const name of Object.keys(base.operations)) {
    const path = `operations.${name}`;
    if (!Object.hasOwn(head.operations, name)) {
      changes.push({
        path,
        rule: 'operation_removed',
        before: name,
        message: `operation ${name} removed`,
      });
      continue;
    }
    changes.push(...compareOperation(base, head, name));
  }
  for (const name of Object.keys(head.operations)) {
    if (Object.hasOwn(base.operations, name)) continue;
    const policy = resolveOperationPolicy(head, name);
    changes.push({
      path: `operations.${name}`,
      rule: 'operation_added',
      after: name,
      message: `operation ${name} added (${policy.kind}, ${policy.approval_policy}, ${policy.data_classification})`,
    });
    changes.push(...newOperationRelaxations(head, name));
  }
  return changes;
}

function compareOperation(
  base: ConnectorManifest,
  head: ConnectorManifest,
  name: string,
): Change[] {
  const path = `operations.${name}`;
  const beforeOp: ManifestOperation = base.operations[name]!;
  const afterOp: ManifestOperation = head.operations[name]!;
  const before = resolveOperationPolicy(base, name);
  const after = resolveOperationPolicy(head, name);
  const changes: Change[] = [];
  for (const field of GOVERNANCE_FIELDS) {
    if (!statesOrDerives(beforeOp, afterOp, field)) continue;
    const change = classifyGovernance(`${path}.${field}`, field, before, after);
    if (change) changes.push(change);
  }
  if (before.kind !== after.kind) {
    changes.push(
      after.kind === 'read'
        ? {
            path: `${path}.kind`,
            rule: 'kind_relaxed',
            before: before.kind,
            after: after.kind,
            message: `${path} moved from write to read: no de-duplication, no idempotency key, no compensation`,
          }
        : opChange(`${path}.kind`, before.kind, after.kind),
    );
  }
  if (!sameJson(before.audit_events, after.audit_events)) {
    changes.push(opChange(`${path}.audit_events`, before.audit_events, after.audit_events));
  }
  if (before.compensation !== after.compensation) {
    changes.push(opChange(`${path}.compensation`, before.compensation, after.compensation));
  }
  if (before.vendor_call !== after.vendor_call) {
    changes.push(
      after.vendor_call
        ? opChange(`${path}.vendor_call`, before.vendor_call, after.vendor_call)
        : {
            path: `${path}.vendor_call`,
            rule: 'vendor_call_disclaimed',
            before: before.vendor_call,
            after: after.vendor_call,
            message: `${path} now says it never calls the vendor (vendor_call: false)`,
          },
    );
  }
  for (const field of INFORMATIONAL) {
    const b = beforeOp[field as keyof ManifestOperation];
    const a = afterOp[field as keyof ManifestOperation];
    if (b !== a) {
      changes.push({
        path: `${path}.${field}`,
        rule: 'informational',
        before: b,
        after: a,
        message: `${path}.${field} changed`,
      });
    }
  }
  const other = new Set(
    [...Object.keys(beforeOp), ...Object.keys(afterOp)].filter((k) => !HANDLED.has(k)),
  );
  for (const field of other) {
    const b = (beforeOp as Record<string, unknown>)[field];
    const a = (afterOp as Record<string, unknown>)[field];
    if (!sameJson(b, a)) changes.push(opChange(`${path}.${field}`, b, a));
  }
  return changes;
}

/**
 * Whether an effective change belongs to the operation: it states the field on either side.
 * Otherwise the change comes from a connector default and is reported once, at the connector;
 * a derived deadline moves with the timeout and retries, which are reported themselves.
 */
function statesOrDerives(
  beforeOp: ManifestOperation,
  afterOp: ManifestOperation,
  field: GovernanceField,
): boolean {
  const key = field as keyof ManifestOperation;
  return beforeOp[key] !== undefined || afterOp[key] !== undefined;
}

function opChange(path: string, before: unknown, after: unknown): Change {
  return {
    path,
    rule: 'operation_changed',
    before,
    after,
    message: `${path} changed from ${show(before)} to ${show(after)}`,
  };
}
