import { resolveOperationPolicy, type ConnectorManifest } from '@dealix/connector-core';
import { GATE_RULES } from '../findings/gateRules';
import type { Change } from './change';
import { classifyGovernance, GOVERNANCE_FIELDS } from './governanceFields';

/**
 * What a new operation brings that loosens governance: each governance field it states that is
 * laxer than its connector's default (classified as a change from that default would be), and
 * `vendor_call: false`. An added operation otherwise arrives with its policy unreviewed.
 */
export function newOperationRelaxations(head: ConnectorManifest, name: string): Change[] {
  const path = `operations.${name}`;
  const own = head.operations[name]!;
  const bare = Object.fromEntries(
    Object.entries(own).filter(
      ([field]) => !(GOVERNANCE_FIELDS as readonly string[]).includes(field),
    ),
  ) as typeof own;
  const defaults = resolveOperationPolicy(
    { ...head, operations: { ...head.operations, [name]: bare } },
    name,
  );
  const effective = resolveOperationPolicy(head, name);
  const changes: Change[] = [];
  for (const field of GOVERNANCE_FIELDS) {
    if (own[field as keyof typeof own] === undefined) continue;
    const change = classifyGovernance(`${path}.${field}`, field, defaults, effective);
    if (change && GATE_RULES[change.rule].severity === 'relaxation') {
      changes.push({ ...change, message: `${change.message}, laxer than its connector's default` });
    }
  }
  if (effective.vendor_call === false) {
    changes.push({
      path: `${path}.vendor_call`,
      rule: 'vendor_call_disclaimed',
      after: false,
      message: `${path} is added saying it never calls the vendor (vendor_call: false)`,
    });
  }
  return changes;
}

/**
 * What a new connector brings that loosens governance beyond its own defaults: every direct
 * transport, and each operation's own relaxations (its `${tenant}` host patterns are reported
 * by tenantHostChangesOfNew).
 */
export function newConnectorRelaxations(head: ConnectorManifest): Change[] {
  const transports = (head.direct_transports ?? []).map(({ library, reason }, i): Change => ({
    path: `direct_transports[${i}]`,
    rule: 'direct_transport_added',
    after: { library, reason },
    message: `direct transport ${library} declared by a new connector: ${reason}`,
  }));
  return [
    ...transports,
    ...Object.keys(head.operations).flatMap((name) => newOperationRelaxations(head, name)),
  ];
}
