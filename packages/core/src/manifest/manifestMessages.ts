import type { HostSyntaxProblem } from './hostSyntax';
import type {
  CompensationProblem,
  ConfigHostProblem,
  FormatRule,
  ManifestIssueDetail,
} from './manifestIssues';
import type { ExpectedShape } from './schemaWalk';
import { previewValue } from './valuePreview';

/** All wording of manifest issues: the checks produce data, this file turns it into text. */

export const DEFAULT_MANIFEST_FILE = 'connector.json';
export const ROOT_PATH_TEXT = '(root)';

const HOST_FORMS =
  'a lower-case host name or IPv4 address ("api.stripe.com"), "*." + host ("*.my.salesforce.com") or "${config.<field>}"';
const PATTERN_FORMS =
  'a lower-case host name ("api.stripe.com"), "*." + host, or "${tenant}" (hosts listed per tenant in the host config)';
const COMPENSATE_NONE = '"none" with a compensation_note';

export function renderIssueMessage(file: string, pathText: string, detail: ManifestIssueDetail) {
  return `${file}: ${pathText}: ${renderIssueBody(detail)}`;
}

export function renderIssueBody(d: ManifestIssueDetail): string {
  const found = 'value' in d ? previewValue(d.value) : '';
  switch (d.code) {
    case 'invalid_json': {
      const at = d.line === undefined ? '' : ` (line ${d.line}, column ${d.column ?? 1})`;
      return `not valid JSON: ${d.parserMessage}${at}; fix the syntax`;
    }
    case 'duplicate_key':
      return `${JSON.stringify(d.key)} is written twice in one object (again on line ${d.line}); JSON keeps only the last value while a reader of the file sees both: remove one`;
    case 'not_json_data':
      return `${d.found} is not JSON data; use strings, numbers, booleans, null, arrays and plain objects`;
    case 'too_large':
      return `has more than ${d.limit} ${d.unit === 'values' ? 'values in total' : d.unit}; a connector manifest is far smaller`;
    case 'too_many_issues':
      return `${d.hidden} more issues not shown; fix the ones above first`;
    case 'unknown_field':
      return d.allowed.length > 0
        ? `unknown field; allowed fields are ${d.allowed.join(', ')}`
        : `${JSON.stringify(d.field)} is not allowed as a name`;
    case 'missing_field':
      return `missing field; add ${expectedText(d.expected)}`;
    case 'invalid_type':
      return `${found} is ${kindOfValue(d.value)}; use ${expectedText(d.expected)}`;
    case 'invalid_value':
      return d.allowed.length > 0
        ? `${found} is not allowed; use ${orList(d.allowed.map((v) => JSON.stringify(v)))}`
        : `${found} is not allowed`;
    case 'invalid_format':
      return `${found} is not allowed; use ${formatRuleText(d.rule)}`;
    case 'too_long':
      return `${found} is longer than ${d.max} characters; use at most ${d.max}`;
    case 'too_short':
      return `${found} is shorter than ${d.min} ${plural(d.min, 'character')}; give at least ${d.min}`;
    case 'too_many':
      return `${found} has more than ${d.max} entries; use at most ${d.max}`;
    case 'too_few':
      return `${found} has fewer than ${d.min} ${plural(d.min, 'entry')}; give at least ${d.min}`;
    case 'out_of_range':
      return `${found} is out of range; use ${expectedText(d.expected)}`;
    case 'duplicate':
      return `${found} is listed more than once (first at index ${d.firstIndex}); list each once`;
    case 'backoff_length': {
      const entries = Array.isArray(d.value) ? d.value.length : 0;
      return d.inheritedBackoff
        ? `missing, but this operation's retry_max is ${d.retryMax} and the connector's retry_backoff_ms ${found} has ${entries} ${plural(entries, 'entry')}; give one backoff per retry`
        : `${found} has ${entries} ${plural(entries, 'entry')} but retry_max is ${d.retryMax}; give one backoff per retry`;
    }
    case 'backoff_order':
      return `${found} is less than the backoff before it (${d.previous}); backoffs never decrease, use at least ${d.previous}`;
    case 'restricted_needs_approval':
      return `${found}${d.inherited ? ' (inherited from the connector)' : ''} is not allowed for ${JSON.stringify(d.operation)}, a write on restricted data; use "approval_required"`;
    case 'undeclared_audit_event':
      return `${found} is not declared in audit_events; use ${orList(
        d.declared.map((e) => JSON.stringify(e)),
        8,
      )} or declare it`;
    case 'unused_audit_event':
      return `${found} is declared but no operation or webhook_events uses it; use it or remove it`;
    case 'arabic_name':
      return `${found} has no Arabic letters; give the name in Arabic script`;
    case 'compensation':
      return compensationText(d.problem, found, d.writes);
    case 'allowed_host':
      if ('field' in d) return configHostText(d.problem, found, d.field);
      return `${found} is not allowed: ${hostProblemText(d.problem)}; use ${HOST_FORMS}`;
    case 'host_pattern':
      return d.problem === 'field_type'
        ? `${found} is not allowed on this field; host_pattern is only for fields of type string or url`
        : `${found} is not allowed: ${hostProblemText(d.problem)}; use ${PATTERN_FORMS}`;
    case 'config_default':
      if (d.problem === 'secret') {
        return `${found} is not allowed; a ${d.fieldType} field has no default (secrets never live in the repository)`;
      }
      return d.problem === 'type'
        ? `${found} does not match type ${d.fieldType}; use ${defaultTypeText(d.fieldType)}`
        : `${found} is outside this field's host_pattern; use a value whose host matches it`;
    case 'deadline':
      return d.problem === 'below_timeout'
        ? `${found} is less than timeout_ms ${d.timeoutMs}; use at least ${d.timeoutMs}`
        : `${found} is more than the connector's deadline_ms ${d.deadlineMs}, which this operation inherits; lower it or give the operation its own deadline_ms of at least ${d.timeoutMs}`;
  }
}

/** What a schema accepts, in words: used by messages and by the reference's type column. */
export function expectedText(shape: ExpectedShape): string {
  switch (shape.kind) {
    case 'string': {
      const rule = shape.rule ? ` (${formatRuleText(shape.rule)})` : '';
      return `a string${lengthText(shape.minLength, shape.maxLength, 'character')}${rule}`;
    }
    case 'integer':
    case 'number': {
      const noun = shape.kind === 'integer' ? 'an integer' : 'a number';
      return `${noun}${rangeText(shape.minimum, shape.maximum)}`;
    }
    case 'boolean':
      return 'true or false';
    case 'one_of':
      return orList(shape.values.map((v) => JSON.stringify(v)));
    case 'array':
      return `a list${lengthText(shape.minItems, shape.maxItems, 'entry')}, each ${expectedText(shape.item)}`;
    case 'map':
      return `an object keyed by name${lengthText(shape.minEntries, shape.maxEntries, 'entry').replace(/^ of/, ',')}`;
    case 'object':
      return shape.required.length > 0 ? `an object with ${andList(shape.required)}` : 'an object';
    case 'any_of':
      return orList(
        shape.options.map((o) => (o.kind === 'boolean' ? 'a boolean' : expectedText(o))),
      );
    case 'unknown':
      return 'a valid value';
  }
}

export function formatRuleText(rule: FormatRule): string {
  if (typeof rule === 'object') return `a value matching ${rule.pattern}`;
  switch (rule) {
    case 'snake_name':
      return 'lower-case letters, digits and _, starting with a letter';
    case 'metric_name':
      return 'a Prometheus metric name: letters, digits, _ and :, not starting with a digit';
    case 'label_name':
      return 'a Prometheus label name: letters, digits and _, not starting with a digit';
    case 'https_url':
      return 'an https URL such as "https://docs.example.com/api"';
    case 'reserved_name':
      return 'another name: "none" is how compensation says an operation cannot be undone';
    case 'reserved_label':
      return 'another label: the runtime adds "tenant" and "connector" to every connector metric';
  }
}

export function hostProblemText(problem: HostSyntaxProblem): string {
  switch (problem) {
    case 'empty':
      return 'it is empty';
    case 'too_long':
      return 'a host name has at most 253 characters';
    case 'whitespace':
      return 'it contains white space';
    case 'scheme':
      return 'remove the scheme (https://)';
    case 'path':
      return 'remove the path, query or fragment';
    case 'port':
      return 'remove the port';
    case 'upper_case':
      return 'write it in lower case';
    case 'wildcard_position':
      return '"*" may only be the whole first label ("*.")';
    case 'wildcard_too_broad':
      return 'a wildcard needs a host name of at least two labels after "*."';
    case 'label':
      return 'each dot-separated label has 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen';
    case 'ipv4':
      return 'a numeric host must be an IPv4 address such as 10.0.0.1';
    case 'config_reference':
      return 'a config reference is written "${config.<field>}" with a lower-case snake_case field name';
  }
}

function compensationText(
  problem: CompensationProblem,
  found: string,
  writes: readonly string[],
): string {
  const options =
    writes.length > 0
      ? `${orList(
          writes.map((w) => JSON.stringify(w)),
          8,
        )} or ${COMPENSATE_NONE}`
      : `${COMPENSATE_NONE} (there is no other write operation)`;
  switch (problem) {
    case 'missing':
      return `missing; a write names the write operation that undoes it; use ${options}`;
    case 'unknown_operation':
      return `${found} is not an operation of this connector; use ${options}`;
    case 'self':
      return `${found} names the operation itself; use ${options}`;
    case 'not_a_write':
      return `${found} is a read operation, which undoes nothing; use ${options}`;
    case 'read_must_be_none':
      return `${found} is not allowed on a read; use "none" or leave it out`;
    case 'note_missing':
      return 'missing; compensation is "none", so say why the operation cannot be undone';
  }
}

function configHostText(problem: ConfigHostProblem, found: string, field: string): string {
  const name = JSON.stringify(field);
  switch (problem) {
    case 'unknown_config_field':
      return `${found} names config field ${name}, which is not declared; declare it in config (type string or url, with host_pattern) or fix the name`;
    case 'config_field_type':
      return `${found} names config field ${name}, which is not of type string or url; use a string or url field with host_pattern`;
    case 'no_host_pattern':
      return `${found} names config field ${name}, which has no host_pattern; add host_pattern to that field so a tenant cannot send egress anywhere`;
  }
}

function defaultTypeText(fieldType: string): string {
  if (fieldType === 'url') return 'an http or https URL';
  if (fieldType === 'number') return 'a number';
  if (fieldType === 'boolean') return 'true or false';
  return 'a string';
}

function kindOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return 'a boolean';
  return `a ${typeof value}`;
}

function lengthText(min: number | undefined, max: number | undefined, noun: string): string {
  if (min !== undefined && max !== undefined) return ` of ${min} to ${max} ${plural(max, noun)}`;
  if (max !== undefined) return ` of at most ${max} ${plural(max, noun)}`;
  if (min !== undefined && min > 0) return ` of at least ${min} ${plural(min, noun)}`;
  return '';
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

function plural(count: number, noun: string): string {
  if (count === 1) return noun;
  return noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}

function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "a", "a or b", "a, b or c"; long lists end with "or N others". */
export function orList(items: readonly string[], limit = items.length): string {
  const shown = items.slice(0, limit);
  const hidden = items.length - shown.length;
  if (hidden > 0) return `${shown.join(', ')} or ${hidden} other${hidden === 1 ? '' : 's'}`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
