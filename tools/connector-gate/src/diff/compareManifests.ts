import { DEFAULT_MAX_RESPONSE_BYTES, type ConnectorManifest } from '@dealix/connector-core';
import type { RuleId } from '../findings/gateRules';
import { sameJson, show, type Change } from './change';
import { compareConfig } from './compareConfig';
import { compareAllowedHosts } from './compareHosts';
import { compareOperations } from './compareOperations';
import { compareSuggestedLimits } from './compareLimits';
import { classifyGovernance, GOVERNANCE_FIELDS, type GovernanceValues } from './governanceFields';

const INFORMATIONAL = [
  '$schema',
  'display_name',
  'display_name_ar',
  'contract_url',
  'owners',
] as const;
const HANDLED: ReadonlySet<string> = new Set<string>([
  ...INFORMATIONAL,
  ...GOVERNANCE_FIELDS,
  'connector_key',
  'audit_events',
  'allowed_hosts',
  'webhook_events',
  'metrics',
  'direct_transports',
  'operations',
  'config',
  'suggested_limits',
]);

/** The connector defaults; deadline_ms is the effective one (declared, else derived). */
function connectorGovernance(m: ConnectorManifest): GovernanceValues {
  const derived =
    (m.retry_max + 1) * m.timeout_ms + m.retry_backoff_ms.reduce((s, ms) => s + ms, 0);
  return {
    approval_policy: m.approval_policy,
    data_classification: m.data_classification,
    idempotent: m.idempotent,
    retry_max: m.retry_max,
    retry_backoff_ms: m.retry_backoff_ms,
    timeout_ms: m.timeout_ms,
    deadline_ms: m.deadline_ms ?? derived,
    max_response_bytes: m.max_response_bytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
}

/** Every field-level change between two valid manifests of one connector. */
export function compareManifests(base: ConnectorManifest, head: ConnectorManifest): Change[] {
  const changes: Change[] = [];
  for (const field of INFORMATIONAL) {
    if (!sameJson(base[field], head[field])) {
      changes.push({
        path: field,
        rule: 'informational',
        before: base[field],
        after: head[field],
        message: `${field} changed`,
      });
    }
  }
  const before = connectorGovernance(base);
  const after = connectorGovernance(head);
  for (const field of GOVERNANCE_FIELDS) {
    // A derived deadline moves with the timeout and retries, which are reported themselves.
    if (field === 'deadline_ms' && base.deadline_ms === undefined && head.deadline_ms === undefined)
      continue;
    const change = classifyGovernance(field, field, before, after);
    if (change) changes.push(change);
  }
  changes.push(
    ...listChanges(
      'audit_events',
      base.audit_events,
      head.audit_events,
      'audit_events_removed',
      'audit_events_added',
    ),
  );
  const hosts = compareAllowedHosts(base, head);
  changes.push(...hosts);
  const webhooks = listChanges(
    'webhook_events',
    base.webhook_events ?? [],
    head.webhook_events ?? [],
    'webhook_events_changed',
    'webhook_events_changed',
  );
  changes.push(...webhooks);
  if (!sameJson(base.metrics ?? [], head.metrics ?? [])) {
    changes.push({
      path: 'metrics',
      rule: 'metrics_changed',
      before: base.metrics,
      after: head.metrics,
      message: 'metrics changed',
    });
  }
  changes.push(...compareDirectTransports(base, head));
  changes.push(...compareSuggestedLimits(base, head));
  changes.push(...compareOperations(base, head));
  changes.push(...compareConfig(base, head, new Set(hosts.map((c) => c.path))));
  const other = new Set(
    [...Object.keys(base), ...Object.keys(head)].filter((k) => !HANDLED.has(k)),
  );
  for (const field of other) {
    const b = (base as Record<string, unknown>)[field];
    const a = (head as Record<string, unknown>)[field];
    if (!sameJson(b, a)) {
      changes.push({
        path: field,
        rule: 'manifest_changed',
        before: b,
        after: a,
        message: `${field} changed from ${show(b)} to ${show(a)}`,
      });
    }
  }
  return changes;
}

function listChanges(
  path: string,
  before: readonly string[],
  after: readonly string[],
  removedRule: RuleId,
  addedRule: RuleId,
): Change[] {
  const removed = before.filter((e) => !after.includes(e));
  const added = after.filter((e) => !before.includes(e));
  const removedText = `${path} removed: ${removed.join(', ')}`;
  const addedText = `${path} added: ${added.join(', ')}`;
  if (removedRule === addedRule && removed.length > 0 && added.length > 0) {
    return [{ path, rule: removedRule, before, after, message: `${removedText}; ${addedText}` }];
  }
  const changes: Change[] = [];
  if (removed.length > 0)
    changes.push({ path, rule: removedRule, before, after, message: removedText });
  if (added.length > 0) changes.push({ path, rule: addedRule, before, after, message: addedText });
  return changes;
}

function compareDirectTransports(base: ConnectorManifest, head: ConnectorManifest): Change[] {
  const before = new Map((base.direct_transports ?? []).map((t) => [t.library, t.reason]));
  const after = new Map((head.direct_transports ?? []).map((t) => [t.library, t.reason]));
  const changes: Change[] = [];
  const headList = head.direct_transports ?? [];
  for (const [library, reason] of after) {
    const at = `direct_transports[${headList.findIndex((t) => t.library === library)}]`;
    if (!before.has(library)) {
      changes.push({
        path: at,
        rule: 'direct_transport_added',
        after: { library, reason },
        message: `direct transport ${library} added: ${reason}`,
      });
    } else if (before.get(library) !== reason) {
      changes.push({
        path: `${at}.reason`,
        rule: 'informational',
        before: before.get(library),
        after: reason,
        message: `reason of direct transport ${library} changed`,
      });
    }
  }
  for (const [library, reason] of before) {
    if (!after.has(library)) {
      changes.push({
        path: 'direct_transports',
        rule: 'direct_transport_removed',
        before: { library, reason },
        message: `direct transport ${library} removed`,
      });
    }
  }
  return changes;
}
