import type { z } from 'zod';
import { reportDetail } from './fieldChecks';
import { hostMatchesPattern, parseAllowedHost, parseHostPattern } from './hostSyntax';
import type { CompensationProblem, ConfigHostProblem } from './manifestIssues';
import type { ManifestConfigField, manifestObjectSchema } from './manifestSchema';
import {
  RESERVED_METRIC_LABELS,
  HOST_CONFIG_FIELD_TYPES,
  NO_COMPENSATION,
  SECRET_CONFIG_FIELD_TYPES,
} from './manifestVocabulary';

type ManifestShape = z.output<typeof manifestObjectSchema>;
type Ctx = z.RefinementCtx;

/**
 * The cross-field rules. zod runs them once every field has the right type, so they read
 * typed values; each issue points at the field to change.
 */
export function checkManifestRules(manifest: ManifestShape, ctx: Ctx): void {
  checkReservedNames(manifest, ctx);
  checkBackoffLengths(manifest, ctx);
  checkRestrictedWrites(manifest, ctx);
  checkAuditEvents(manifest, ctx);
  checkCompensation(manifest, ctx);
  checkAllowedHostReferences(manifest, ctx);
  checkConfigFields(manifest, ctx);
  checkDeadlines(manifest, ctx);
}

// Object.entries, never `operations[name]` on a guessed name: `constructor` is a valid name.
const operationsOf = (m: ManifestShape) => Object.entries(m.operations);

function checkReservedNames(m: ManifestShape, ctx: Ctx): void {
  if (Object.hasOwn(m.operations, NO_COMPENSATION)) {
    reportDetail(ctx, ['operations', NO_COMPENSATION], {
      code: 'invalid_format',
      value: NO_COMPENSATION,
      rule: 'reserved_name',
    });
  }
  (m.metrics ?? []).forEach((metric, index) => {
    metric.labels.forEach((label, at) => {
      if (!RESERVED_METRIC_LABELS.includes(label)) return;
      reportDetail(ctx, ['metrics', index, 'labels', at], {
        code: 'invalid_format',
        value: label,
        rule: 'reserved_label',
      });
    });
  });
}

function checkBackoffLengths(m: ManifestShape, ctx: Ctx): void {
  const connectorBackoff = m.retry_backoff_ms;
  if (connectorBackoff.length !== m.retry_max) {
    reportDetail(ctx, ['retry_backoff_ms'], {
      code: 'backoff_length',
      value: connectorBackoff,
      retryMax: m.retry_max,
      inheritedBackoff: false,
    });
  }
  for (const [name, op] of operationsOf(m)) {
    const retryMax = op.retry_max ?? m.retry_max;
    const path = ['operations', name, 'retry_backoff_ms'];
    if (op.retry_backoff_ms !== undefined) {
      if (op.retry_backoff_ms.length !== retryMax) {
        reportDetail(ctx, path, {
          code: 'backoff_length',
          value: op.retry_backoff_ms,
          retryMax,
          inheritedBackoff: false,
        });
      }
    } else if (retryMax !== m.retry_max && connectorBackoff.length !== retryMax) {
      reportDetail(ctx, path, {
        code: 'backoff_length',
        value: connectorBackoff,
        retryMax,
        inheritedBackoff: true,
      });
    }
  }
}

function checkRestrictedWrites(m: ManifestShape, ctx: Ctx): void {
  for (const [name, op] of operationsOf(m)) {
    if (op.kind !== 'write') continue;
    const classification = op.data_classification ?? m.data_classification;
    const approval = op.approval_policy ?? m.approval_policy;
    if (classification === 'restricted' && approval !== 'approval_required') {
      reportDetail(ctx, ['operations', name, 'approval_policy'], {
        code: 'restricted_needs_approval',
        value: approval,
        operation: name,
        inherited: op.approval_policy === undefined,
      });
    }
  }
}

function checkAuditEvents(m: ManifestShape, ctx: Ctx): void {
  const declared = new Set(m.audit_events);
  const used = new Set<string>();
  for (const [name, op] of operationsOf(m)) {
    for (const outcome of ['success', 'failure'] as const) {
      const event = op.audit_events[outcome];
      used.add(event);
      if (!declared.has(event)) {
        reportDetail(ctx, ['operations', name, 'audit_events', outcome], {
          code: 'undeclared_audit_event',
          value: event,
          declared: m.audit_events,
        });
      }
    }
  }
  (m.webhook_events ?? []).forEach((event, index) => {
    used.add(event);
    if (!declared.has(event)) {
      reportDetail(ctx, ['webhook_events', index], {
        code: 'undeclared_audit_event',
        value: event,
        declared: m.audit_events,
      });
    }
  });
  m.audit_events.forEach((event, index) => {
    if (!used.has(event)) {
      reportDetail(ctx, ['audit_events', index], { code: 'unused_audit_event', value: event });
    }
  });
}

function checkCompensation(m: ManifestShape, ctx: Ctx): void {
  const writes = operationsOf(m)
    .filter(([, op]) => op.kind === 'write')
    .map(([name]) => name);
  for (const [name, op] of operationsOf(m)) {
    const target = op.compensation;
    const path = ['operations', name, 'compensation'];
    const others = writes.filter((w) => w !== name);
    const report = (problem: CompensationProblem, at = path) =>
      reportDetail(ctx, at, { code: 'compensation', value: target, problem, writes: others });
    if (op.kind === 'read') {
      if (target !== undefined && target !== NO_COMPENSATION) report('read_must_be_none');
    } else if (target === undefined) {
      report('missing');
    } else if (target === NO_COMPENSATION) {
      if (op.compensation_note === undefined) {
        report('note_missing', ['operations', name, 'compensation_note']);
      }
    } else if (target === name) {
      report('self');
    } else if (!Object.hasOwn(m.operations, target)) {
      report('unknown_operation');
    } else if (m.operations[target]!.kind !== 'write') {
      report('not_a_write');
    }
  }
}

function checkAllowedHostReferences(m: ManifestShape, ctx: Ctx): void {
  m.allowed_hosts.forEach((entry, index) => {
    const parsed = parseAllowedHost(entry);
    if (!parsed.ok || parsed.entry.kind !== 'config') return;
    const field = parsed.entry.field;
    const report = (problem: ConfigHostProblem) =>
      reportDetail(ctx, ['allowed_hosts', index], {
        code: 'allowed_host',
        value: entry,
        problem,
        field,
      });
    if (!Object.hasOwn(m.config, field)) report('unknown_config_field');
    else if (!HOST_CONFIG_FIELD_TYPES.includes(m.config[field]!.type)) report('config_field_type');
    else if (m.config[field]!.host_pattern === undefined) report('no_host_pattern');
  });
}

function checkConfigFields(m: ManifestShape, ctx: Ctx): void {
  for (const [name, field] of Object.entries(m.config)) {
    const hostField = HOST_CONFIG_FIELD_TYPES.includes(field.type);
    if (field.host_pattern !== undefined && !hostField) {
      reportDetail(ctx, ['config', name, 'host_pattern'], {
        code: 'host_pattern',
        value: field.host_pattern,
        problem: 'field_type',
      });
    }
    if (field.default === undefined) continue;
    const problem = defaultProblem(field);
    if (problem) {
      reportDetail(ctx, ['config', name, 'default'], {
        code: 'config_default',
        value: field.default,
        problem,
        fieldType: field.type,
      });
    }
  }
}

function defaultProblem(
  field: ManifestConfigField,
): 'secret' | 'type' | 'outside_host_pattern' | undefined {
  const value = field.default;
  if (SECRET_CONFIG_FIELD_TYPES.includes(field.type)) return 'secret';
  switch (field.type) {
    case 'number':
      return typeof value === 'number' ? undefined : 'type';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'type';
    case 'string':
      if (typeof value !== 'string') return 'type';
      return hostOutsidePattern(value, field.host_pattern) ? 'outside_host_pattern' : undefined;
    default: {
      const host = typeof value === 'string' ? webUrlHost(value) : undefined;
      if (host === undefined) return 'type';
      return hostOutsidePattern(host, field.host_pattern) ? 'outside_host_pattern' : undefined;
    }
  }
}

function webUrlHost(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}

// An unparseable pattern is reported on host_pattern itself, not again on the default.
function hostOutsidePattern(host: string, pattern: string | undefined): boolean {
  if (pattern === undefined) return false;
  const parsed = parseHostPattern(pattern);
  return parsed.ok && !hostMatchesPattern(host, parsed.entry);
}

function checkDeadlines(m: ManifestShape, ctx: Ctx): void {
  if (m.deadline_ms !== undefined && m.deadline_ms < m.timeout_ms) {
    reportDetail(ctx, ['deadline_ms'], {
      code: 'deadline',
      value: m.deadline_ms,
      timeoutMs: m.timeout_ms,
      deadlineMs: m.deadline_ms,
      problem: 'below_timeout',
    });
  }
  for (const [name, op] of operationsOf(m)) {
    const timeoutMs = op.timeout_ms ?? m.timeout_ms;
    if (op.deadline_ms !== undefined) {
      if (op.deadline_ms < timeoutMs) {
        reportDetail(ctx, ['operations', name, 'deadline_ms'], {
          code: 'deadline',
          value: op.deadline_ms,
          timeoutMs,
          deadlineMs: op.deadline_ms,
          problem: 'below_timeout',
        });
      }
    } else if (
      m.deadline_ms !== undefined &&
      m.deadline_ms < timeoutMs &&
      op.timeout_ms !== undefined
    ) {
      reportDetail(ctx, ['operations', name, 'timeout_ms'], {
        code: 'deadline',
        value: op.timeout_ms,
        timeoutMs,
        deadlineMs: m.deadline_ms,
        problem: 'inherited_deadline',
      });
    }
  }
}
