import type { ManifestIssueCode } from './manifestIssues';
import { INPUT_LIMITS } from './manifestLimits';

/** Hand-written prose of docs/manifest-reference.md; the tables come from the schema. */

export const REFERENCE_TITLE = 'Connector manifest reference';

export const REFERENCE_INTRO: readonly string[] = [
  'Every connector package has a manifest, `connector.json`, named by `"dealix": { "connector": "connector.json" }` in its package.json. The loader validates it before importing any connector code, and the gate validates it and diffs it in pull requests. Field names are snake_case; unknown fields are errors.',
  'Add `"$schema"` pointing at `packages/core/connector-manifest.schema.json` so editors complete and check fields. That JSON Schema cannot express the rules listed under "Rules beyond the JSON Schema"; the loader and the gate always run the zod schema in `@dealix/connector-core` (`validateManifest`, `parseManifestText`), which enforces all of them.',
  'Each problem is reported as `{ code, path, message }`: `code` is one of the issue codes below, `path` is dotted with brackets for list indices (`operations.refund.retry_backoff_ms[1]`, `(root)` for the whole file), and the message names the file, the path, the value found and what is allowed.',
];

export const CROSS_FIELD_RULES: ReadonlyArray<{ code: ManifestIssueCode; text: string }> = [
  {
    code: 'backoff_length',
    text: '`retry_backoff_ms` has exactly `retry_max` entries, at the connector and for each operation against its effective `retry_max`; an operation that changes `retry_max` gives its own `retry_backoff_ms`.',
  },
  { code: 'backoff_order', text: 'Backoffs never decrease.' },
  {
    code: 'restricted_needs_approval',
    text: 'Every `write` whose effective `data_classification` is `restricted` has the effective `approval_policy` `approval_required`.',
  },
  {
    code: 'undeclared_audit_event',
    text: "Each operation's `audit_events.success` and `audit_events.failure`, and each `webhook_events` entry, is listed in `audit_events`.",
  },
  {
    code: 'unused_audit_event',
    text: 'Every `audit_events` entry is used by an operation or listed in `webhook_events`.',
  },
  {
    code: 'duplicate',
    text: '`audit_events`, `webhook_events`, `allowed_hosts` and metric `labels` list each entry once.',
  },
  { code: 'arabic_name', text: '`display_name_ar` contains Arabic script.' },
  {
    code: 'compensation',
    text: 'A `write` declares `compensation`: another operation of kind `write`, or `none` with a `compensation_note`. A `read` may omit it or say `none`.',
  },
  {
    code: 'invalid_format',
    text: 'No operation is named `none`; no metric declares the label `tenant` or `connector` (the runtime adds both).',
  },
  {
    code: 'allowed_host',
    text: 'An `allowed_hosts` entry is a lower-case host name or IPv4 address without scheme, port or path; `*.` + a host name of at least two labels; or `${config.<field>}` naming a declared config field of type `string` or `url` that declares `host_pattern`.',
  },
  {
    code: 'host_pattern',
    text: '`host_pattern` is a host name, `*.` + host name or `${tenant}`, and only on fields of type `string` or `url`.',
  },
  {
    code: 'config_default',
    text: 'A config `default` matches the field type (`url`: an http or https URL) and its `host_pattern`; `secret` and `private_key` fields have no default.',
  },
  {
    code: 'deadline',
    text: "`deadline_ms`, at the connector or an operation, is at least the effective `timeout_ms`; an operation whose own `timeout_ms` exceeds the connector's `deadline_ms` gives its own `deadline_ms`.",
  },
];

export const ISSUE_CODE_MEANINGS: Record<ManifestIssueCode, string> = {
  invalid_json: 'The file is not valid JSON; the message gives the parser position.',
  duplicate_key:
    'A key written twice in one object: JSON keeps the last value, a reader of the file sees both.',
  not_json_data:
    'The value is not JSON data (a function, a class instance, a cyclic reference, an unreadable property).',
  too_large: `The file or an object in it is far larger than any manifest: at most ${INPUT_LIMITS.textChars.toLocaleString('en-US')} characters of text, ${INPUT_LIMITS.values.toLocaleString('en-US')} values in all and ${INPUT_LIMITS.fields.toLocaleString('en-US')} fields in one object.`,
  too_many_issues: 'More issues were found than are listed; fix the listed ones first.',
  unknown_field: 'A field the schema does not define.',
  missing_field: 'A required field is absent.',
  invalid_type: 'A value of the wrong type.',
  invalid_value: 'A value outside a closed set of choices.',
  invalid_format: 'A string that breaks a naming or URL rule.',
  too_long: 'A string above its length limit.',
  too_short: 'An empty string where text is required.',
  too_many: 'A list or map above its size limit.',
  too_few: 'A list or map below its minimum size.',
  out_of_range: 'A number outside its allowed range.',
  duplicate: 'An entry listed more than once.',
  backoff_length: '`retry_backoff_ms` does not have one entry per retry.',
  backoff_order: 'A backoff is smaller than the one before it.',
  restricted_needs_approval: 'A write on restricted data without `approval_required`.',
  undeclared_audit_event: 'An audit event used but not listed in `audit_events`.',
  unused_audit_event: 'An audit event listed but never used.',
  arabic_name: '`display_name_ar` has no Arabic script.',
  compensation: 'A missing or wrong `compensation`, or a missing `compensation_note`.',
  allowed_host: 'An `allowed_hosts` entry with bad syntax or a bad config reference.',
  host_pattern: 'A bad `host_pattern`, or one on a field that does not hold a host.',
  config_default: 'A config default of the wrong type, outside `host_pattern`, or on a secret.',
  deadline: '`deadline_ms` below the time one attempt may take.',
};
