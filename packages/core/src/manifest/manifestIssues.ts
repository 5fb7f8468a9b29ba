import type { HostSyntaxProblem } from './hostSyntax';
import type { ExpectedShape } from './schemaWalk';

/** The stable issue codes of manifest validation; tools branch on these, never on messages. */
export const MANIFEST_ISSUE_CODES = [
  'invalid_json',
  'duplicate_key',
  'not_json_data',
  'too_large',
  'too_many_issues',
  'unknown_field',
  'missing_field',
  'invalid_type',
  'invalid_value',
  'invalid_format',
  'too_long',
  'too_short',
  'too_many',
  'too_few',
  'out_of_range',
  'duplicate',
  'backoff_length',
  'backoff_order',
  'restricted_needs_approval',
  'undeclared_audit_event',
  'unused_audit_event',
  'arabic_name',
  'compensation',
  'allowed_host',
  'host_pattern',
  'config_default',
  'deadline',
] as const;

export type ManifestIssueCode = (typeof MANIFEST_ISSUE_CODES)[number];

/** One problem of a manifest: printed unchanged by the loader and the gate. */
export interface ManifestIssue {
  code: ManifestIssueCode;
  /** Dotted, with brackets for indices: `operations.refund.retry_backoff_ms[1]`; `(root)`. */
  path: string;
  /** Names the file, the path, the value found and what is allowed. */
  message: string;
}

export type IssuePathSegment = string | number;

export type CompensationProblem =
  'missing' | 'unknown_operation' | 'self' | 'not_a_write' | 'read_must_be_none' | 'note_missing';

/** A named format (worded in manifestMessages.ts) or the source of another pattern. */
export type FormatRule =
  | 'snake_name'
  | 'metric_name'
  | 'label_name'
  | 'https_url'
  | 'reserved_name'
  | 'reserved_label'
  | { pattern: string };

export type ConfigHostProblem = 'unknown_config_field' | 'config_field_type' | 'no_host_pattern';

/**
 * What a check found, as data. The wording lives in manifestMessages.ts; `value` is the value
 * found at the issue's path.
 */
export type ManifestIssueDetail =
  | { code: 'invalid_json'; parserMessage: string; line?: number; column?: number }
  | { code: 'duplicate_key'; key: string; line: number }
  | { code: 'not_json_data'; found: string }
  | { code: 'too_large'; limit: number; unit: 'fields' | 'values' | 'characters' }
  | { code: 'too_many_issues'; hidden: number }
  | { code: 'unknown_field'; field: string; allowed: readonly string[] }
  | { code: 'missing_field'; expected: ExpectedShape }
  | { code: 'invalid_type'; value: unknown; expected: ExpectedShape }
  | { code: 'invalid_value'; value: unknown; allowed: readonly unknown[] }
  | { code: 'invalid_format'; value: unknown; rule: FormatRule }
  | { code: 'too_long'; value: unknown; max: number }
  | { code: 'too_short'; value: unknown; min: number }
  | { code: 'too_many'; value: unknown; max: number }
  | { code: 'too_few'; value: unknown; min: number }
  | { code: 'out_of_range'; value: unknown; expected: ExpectedShape }
  | { code: 'duplicate'; value: unknown; firstIndex: number }
  | { code: 'backoff_length'; value: unknown; retryMax: number; inheritedBackoff: boolean }
  | { code: 'backoff_order'; value: unknown; previous: number }
  | { code: 'restricted_needs_approval'; value: unknown; operation: string; inherited: boolean }
  | { code: 'undeclared_audit_event'; value: unknown; declared: readonly string[] }
  | { code: 'unused_audit_event'; value: unknown }
  | { code: 'arabic_name'; value: unknown }
  | {
      code: 'compensation';
      value: unknown;
      problem: CompensationProblem;
      writes: readonly string[];
    }
  | { code: 'allowed_host'; value: unknown; problem: HostSyntaxProblem }
  | { code: 'allowed_host'; value: unknown; problem: ConfigHostProblem; field: string }
  | { code: 'host_pattern'; value: unknown; problem: HostSyntaxProblem | 'field_type' }
  | {
      code: 'config_default';
      value: unknown;
      problem: 'secret' | 'type' | 'outside_host_pattern';
      fieldType: string;
    }
  | {
      code: 'deadline';
      value: unknown;
      timeoutMs: number;
      deadlineMs: number;
      /** inherited_deadline: the operation's own timeout exceeds the connector deadline. */
      problem: 'below_timeout' | 'inherited_deadline';
    };

/** A detail with where it was found, before it becomes a ManifestIssue. */
export interface LocatedIssueDetail {
  path: readonly IssuePathSegment[];
  detail: ManifestIssueDetail;
}
