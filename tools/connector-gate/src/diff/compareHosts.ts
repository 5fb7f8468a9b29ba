import {
  TENANT_HOST_PATTERN,
  hostMatches,
  parseAllowedHost,
  type ConnectorManifest,
} from '@dealix/connector-core';
import { show, type Change } from './change';

/** The host rule an allowed_hosts entry stands for (a config reference takes its host_pattern). */
function effectiveRule(manifest: ConnectorManifest, entry: string): string | undefined {
  const parsed = parseAllowedHost(entry);
  if (!parsed.ok) return undefined;
  if (parsed.entry.kind !== 'config') return entry;
  return manifest.config[parsed.entry.field]?.host_pattern;
}

/** Whether every host `rule` allows is allowed by `by` (egress matching from core). */
function covers(by: string, rule: string): boolean {
  if (by === rule) return true;
  if (rule.startsWith('*.')) return by.startsWith('*.') && hostMatches(by, rule.slice(2));
  return hostMatches(by, rule);
}

function coveredByAny(rules: readonly string[], rule: string | undefined): boolean {
  return rule === undefined || rules.some((by) => covers(by, rule));
}

function rulesOf(manifest: ConnectorManifest): string[] {
  return manifest.allowed_hosts
    .map((entry) => effectiveRule(manifest, entry))
    .filter((rule): rule is string => rule !== undefined);
}

/**
 * allowed_hosts widened: a head entry (through its config host_pattern, for `${config.x}`)
 * reaches a host no base entry reached. When only the host_pattern behind an unchanged
 * `${config.x}` entry widened, the finding points at that host_pattern.
 */
export function compareAllowedHosts(base: ConnectorManifest, head: ConnectorManifest): Change[] {
  const baseRules = rulesOf(base);
  const headRules = rulesOf(head);
  const changes: Change[] = [];
  const widenedEntries: string[] = [];
  for (const entry of head.allowed_hosts) {
    const rule = effectiveRule(head, entry);
    if (coveredByAny(baseRules, rule)) continue;
    const parsed = parseAllowedHost(entry);
    if (rule === TENANT_HOST_PATTERN && parsed.ok && parsed.entry.kind === 'config') {
      changes.push(tenantHostsChange(head, parsed.entry.field, base));
      continue;
    }
    if (parsed.ok && parsed.entry.kind === 'config' && base.allowed_hosts.includes(entry)) {
      const field = parsed.entry.field;
      const path = `config.${field}.host_pattern`;
      const before = base.config[field]?.host_pattern;
      changes.push({
        path,
        rule: 'allowed_hosts_widened',
        before,
        after: rule,
        message: `${path} widened from ${show(before)} to ${show(rule)}; ${entry} in allowed_hosts now reaches it`,
      });
    } else {
      widenedEntries.push(rule === entry ? entry : `${entry} (${rule})`);
    }
  }
  if (widenedEntries.length > 0) {
    changes.push({
      path: 'allowed_hosts',
      rule: 'allowed_hosts_widened',
      before: base.allowed_hosts,
      after: head.allowed_hosts,
      message: `allowed_hosts now also reaches ${widenedEntries.join(', ')}`,
    });
  }
  const dropped = baseRules.filter((rule) => !coveredByAny(headRules, rule));
  if (changes.length === 0 && dropped.length > 0) {
    changes.push({
      path: 'allowed_hosts',
      rule: 'governance_tightened',
      before: base.allowed_hosts,
      after: head.allowed_hosts,
      message: `allowed_hosts no longer reaches ${dropped.join(', ')}`,
    });
  }
  return changes;
}

/**
 * A config field whose host_pattern is "${tenant}": the hosts are each tenant's operator's to
 * list (tenants.<tenant>.egress.<key>), so a reviewer acknowledges the rule itself.
 */
export function tenantHostsChange(
  head: ConnectorManifest,
  field: string,
  base?: ConnectorManifest,
): Change {
  const path = `config.${field}.host_pattern`;
  const before = base?.config[field]?.host_pattern;
  return {
    path,
    rule: 'tenant_hosts_allowed',
    before,
    after: TENANT_HOST_PATTERN,
    message: `${path} is "${TENANT_HOST_PATTERN}": each tenant's operator lists the hosts ${head.connector_key} may reach (tenants.<tenant>.egress.${head.connector_key})`,
  };
}

/** Every "${tenant}" host rule of a new connector, for the reviewer to acknowledge. */
export function tenantHostChangesOfNew(head: ConnectorManifest): Change[] {
  return Object.entries(head.config)
    .filter(([, spec]) => spec.host_pattern === TENANT_HOST_PATTERN)
    .map(([field]) => tenantHostsChange(head, field));
}
