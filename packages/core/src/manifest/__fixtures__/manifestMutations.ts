import type { ManifestIssueCode } from '../manifestIssues';
import type { ConnectorManifest, ManifestOperation } from '../manifestSchema';

export interface MutationResult {
  manifest: unknown;
  /** The path the mutation broke, as ManifestIssue.path prints it. */
  path: string;
  /** The issue code the validator must report at that path. */
  code: ManifestIssueCode;
}

/** One way to break a valid manifest; undefined when it does not apply to this one. */
export interface ManifestMutation {
  name: string;
  apply(manifest: ConnectorManifest, pick: number): MutationResult | undefined;
}

type Loose = Record<string, unknown>;

const REQUIRED_ROOT_FIELDS = [
  'manifest_version',
  'connector_key',
  'display_name',
  'display_name_ar',
  'contract_url',
  'owners',
  'approval_policy',
  'data_classification',
  'idempotent',
  'retry_max',
  'retry_backoff_ms',
  'timeout_ms',
  'audit_events',
  'allowed_hosts',
  'operations',
  'config',
] as const;
const REQUIRED_OPERATION_FIELDS = ['kind', 'description', 'audit_events'] as const;

const pickOf = <T>(items: readonly T[], pick: number): T | undefined =>
  items.length === 0 ? undefined : items[pick % items.length];

function pickOperation(
  m: ConnectorManifest,
  pick: number,
  filter?: (op: ManifestOperation) => boolean,
) {
  const names = Object.keys(m.operations).filter((n) => !filter || filter(m.operations[n]!));
  const opName = pickOf(names, pick);
  return opName === undefined
    ? undefined
    : { opName, op: m.operations[opName] as ManifestOperation & Loose };
}

const result = (manifest: unknown, path: string, code: ManifestIssueCode): MutationResult => ({
  manifest,
  path,
  code,
});

export const MANIFEST_MUTATIONS: readonly ManifestMutation[] = [
  {
    name: 'unknown root field',
    apply: (m) => result({ ...m, flavour: 'vanilla' }, 'flavour', 'unknown_field'),
  },
  {
    name: 'wrong connector enum',
    apply: (m) => result({ ...m, approval_policy: 'B' }, 'approval_policy', 'invalid_value'),
  },
  {
    name: 'wrong operation enum',
    apply: (m, pick) => {
      const { opName, op } = pickOperation(m, pick)!;
      (op as Loose).kind = 'delete';
      return result(m, `operations.${opName}.kind`, 'invalid_value');
    },
  },
  {
    name: 'unknown operation field',
    apply: (m, pick) => {
      const { opName, op } = pickOperation(m, pick)!;
      op.flavour = 'vanilla';
      return result(m, `operations.${opName}.flavour`, 'unknown_field');
    },
  },
  {
    name: 'unknown config field property',
    apply: (m, pick) => {
      const field = pickOf(Object.keys(m.config), pick);
      if (field === undefined) return undefined;
      (m.config[field] as Loose).secretive = true;
      return result(m, `config.${field}.secretive`, 'unknown_field');
    },
  },
  {
    name: '__proto__ key in an operation',
    apply: (m, pick) => {
      const { opName, op } = pickOperation(m, pick)!;
      Object.defineProperty(op, '__proto__', {
        value: {},
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return result(m, `operations.${opName}.__proto__`, 'unknown_field');
    },
  },
  {
    name: 'missing root field',
    apply: (m, pick) => {
      const field = pickOf(REQUIRED_ROOT_FIELDS, pick)!;
      delete (m as Loose)[field];
      return result(m, field, 'missing_field');
    },
  },
  {
    name: 'missing operation field',
    apply: (m, pick) => {
      const { opName, op } = pickOperation(m, pick)!;
      const field = pickOf(REQUIRED_OPERATION_FIELDS, pick)!;
      delete op[field];
      return result(m, `operations.${opName}.${field}`, 'missing_field');
    },
  },
  {
    name: 'wrong type',
    apply: (m) => result({ ...m, retry_max: String(m.retry_max) }, 'retry_max', 'invalid_type'),
  },
  {
    name: 'invalid operation name',
    apply: (m, pick) => {
      const { op } = pickOperation(m, pick)!;
      m.operations['Bad-Name'] = structuredClone(op);
      return result(m, 'operations["Bad-Name"]', 'invalid_format');
    },
  },
  {
    name: 'backoff length',
    apply: (m) => {
      if (m.retry_max >= 10) return undefined;
      m.retry_backoff_ms.push((m.retry_backoff_ms.at(-1) ?? 0) + 1);
      return result(m, 'retry_backoff_ms', 'backoff_length');
    },
  },
  {
    name: 'backoff order',
    apply: (m) => {
      if (m.retry_backoff_ms.length < 2) return undefined;
      m.retry_backoff_ms[0] = m.retry_backoff_ms[1]! + 1;
      return result(m, 'retry_backoff_ms[1]', 'backoff_order');
    },
  },
  {
    name: 'undeclared audit event',
    apply: (m, pick) => {
      const { opName, op } = pickOperation(m, pick)!;
      op.audit_events = { ...op.audit_events, success: 'never_declared_event' };
      return result(m, `operations.${opName}.audit_events.success`, 'undeclared_audit_event');
    },
  },
  {
    name: 'unused audit event',
    apply: (m) => {
      m.audit_events.push('never_used_audit_event');
      return result(m, `audit_events[${m.audit_events.length - 1}]`, 'unused_audit_event');
    },
  },
  {
    name: 'bad compensation',
    apply: (m, pick) => {
      const target = pickOperation(m, pick, (op) => op.kind === 'write') ?? pickOperation(m, pick)!;
      target.op.compensation = 'no_such_operation_here';
      return result(m, `operations.${target.opName}.compensation`, 'compensation');
    },
  },
  {
    name: 'restricted write without approval',
    apply: (m, pick) => {
      const { opName, op } = pickOperation(m, pick)!;
      Object.assign(op, {
        kind: 'write',
        data_classification: 'restricted',
        approval_policy: 'auto',
        compensation: 'none',
        compensation_note: 'Cannot be undone.',
      });
      return result(m, `operations.${opName}.approval_policy`, 'restricted_needs_approval');
    },
  },
  {
    name: 'bad host',
    apply: (m) => {
      m.allowed_hosts.push('https://evil.example.com/path');
      return result(m, `allowed_hosts[${m.allowed_hosts.length - 1}]`, 'allowed_host');
    },
  },
  {
    name: 'undeclared config host',
    apply: (m) => {
      m.allowed_hosts.push('${config.not_declared_field}');
      return result(m, `allowed_hosts[${m.allowed_hosts.length - 1}]`, 'allowed_host');
    },
  },
  {
    name: 'latin display_name_ar',
    apply: (m) => result({ ...m, display_name_ar: 'Stripe' }, 'display_name_ar', 'arabic_name'),
  },
  {
    name: 'secret with a default',
    apply: (m) => {
      m.config.leaked_secret_mutation = {
        type: 'secret',
        required: false,
        description: 'A secret.',
        default: 'sk_live_123',
      };
      return result(m, 'config.leaked_secret_mutation.default', 'config_default');
    },
  },
  {
    name: 'deadline below timeout',
    apply: (m) => {
      if (m.timeout_ms < 2) return undefined;
      m.deadline_ms = m.timeout_ms - 1;
      return result(m, 'deadline_ms', 'deadline');
    },
  },
];
