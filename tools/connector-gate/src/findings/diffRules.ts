import { rule } from './ruleShape';

/** Rules of `diff`: how each field-level change is classified. */
export const DIFF_RULES = {
  // diff: invalid
  manifest_invalid: rule(
    'invalid',
    undefined,
    'manifest invalid',
    'The head manifest fails the schema or a cross-field rule of core.',
  ),
  // diff: breaking (need a major changeset)
  key_renamed: rule(
    'breaking',
    'major',
    'key renamed',
    'The package kept its name but its connector_key changed; tenants, audit records and URLs use the key.',
  ),
  package_renamed: rule(
    'breaking',
    'major',
    'package renamed',
    'The connector_key moved to another package name; installs and version lines follow the package name.',
  ),
  connector_deleted: rule(
    'breaking',
    'major',
    'connector deleted',
    'A connector present at the base is gone from the head.',
  ),
  operation_removed: rule(
    'breaking',
    'major',
    'operation removed',
    'An operation callers may use no longer exists.',
  ),
  config_field_removed: rule(
    'breaking',
    'major',
    'config field removed',
    'Tenant configurations that set this field are rejected.',
  ),
  config_field_made_required: rule(
    'breaking',
    'major',
    'config field made required',
    'An optional field became required without a default: tenant configurations without it are rejected.',
  ),
  config_field_added_required: rule(
    'breaking',
    'major',
    'required config field added',
    'A new required field without a default: existing tenant configurations lack it.',
  ),
  config_field_type_changed: rule(
    'breaking',
    'major',
    'config field type changed',
    'Existing tenant values may not fit the new type.',
  ),
  input_schema_narrowed: rule(
    'breaking',
    'major',
    'input narrowed',
    'The committed input JSON Schema rejects input it accepted before.',
  ),
  // diff: governance relaxations (fail unless a reviewer acknowledges)
  classification_lowered: rule(
    'relaxation',
    'minor',
    'classification lowered',
    'data_classification moved to a less sensitive class, so audit payloads are redacted less.',
  ),
  approval_relaxed: rule(
    'relaxation',
    'minor',
    'approval relaxed',
    'approval_required became auto, at the connector or an operation.',
  ),
  audit_events_removed: rule(
    'relaxation',
    'minor',
    'audit events removed',
    'Audit events the connector declared are no longer emitted.',
  ),
  allowed_hosts_widened: rule(
    'relaxation',
    'minor',
    'allowed hosts widened',
    'ctx.http may reach hosts it could not reach before (a new entry or a wider host_pattern).',
  ),
  retry_raised: rule(
    'relaxation',
    'minor',
    'retries raised',
    'retry_max went up: more repeated vendor calls.',
  ),
  backoff_raised: rule(
    'relaxation',
    'minor',
    'backoff raised',
    'A retry_backoff_ms entry went up or was added: calls wait longer.',
  ),
  timeout_raised: rule(
    'relaxation',
    'minor',
    'timeout raised',
    'timeout_ms went up: one attempt may run longer.',
  ),
  deadline_raised: rule(
    'relaxation',
    'minor',
    'deadline raised',
    'The effective deadline_ms went up: a call may run longer in total.',
  ),
  idempotency_claimed: rule(
    'relaxation',
    'minor',
    'idempotency claimed',
    'idempotent became true: the runtime will retry writes after a request may have reached the vendor.',
  ),
  direct_transport_added: rule(
    'relaxation',
    'minor',
    'direct transport added',
    'A library may now open sockets outside the governed ctx.http.',
  ),
  response_cap_raised: rule(
    'relaxation',
    'minor',
    'response cap raised',
    'The effective max_response_bytes went up: ctx.http reads larger vendor answers into memory.',
  ),
  limits_raised: rule(
    'relaxation',
    'minor',
    'suggested limits raised',
    'A suggested_limits value went up or was dropped: more calls reach the vendor at once or per second, or more may wait.',
  ),
  tenant_hosts_allowed: rule(
    'relaxation',
    'minor',
    'hosts left to tenants',
    'A config field\'s host_pattern is "${tenant}": each tenant\'s operator lists the hosts it may reach (tenants.<tenant>.egress.<key>).',
  ),
  vendor_call_disclaimed: rule(
    'relaxation',
    'minor',
    'vendor call disclaimed',
    'An operation now says vendor_call: false, so conformance no longer checks its retries, timeouts and rate limits.',
  ),
  base_invalid: rule(
    'relaxation',
    'minor',
    'base manifest invalid',
    'The base manifest did not validate, so fields cannot be compared: review the whole head manifest.',
  ),
  // diff: changes that need a changeset
  connector_added: rule(
    'changeset',
    'none',
    'connector added',
    'A new connector package: a changeset must name it (its first release).',
  ),
  operation_added: rule('changeset', 'minor', 'operation added', 'A new operation.'),
  operation_changed: rule(
    'changeset',
    'minor',
    'operation changed',
    'kind, compensation or the audit event names of an operation changed.',
  ),
  governance_tightened: rule(
    'changeset',
    'minor',
    'governance tightened',
    'A governance field became stricter (higher class, approval required, fewer retries or hosts...).',
  ),
  audit_events_added: rule('changeset', 'minor', 'audit events added', 'New audit events.'),
  webhook_events_changed: rule(
    'changeset',
    'minor',
    'webhook events changed',
    'The webhook events the connector accepts changed.',
  ),
  config_field_added: rule(
    'changeset',
    'minor',
    'config field added',
    'A new optional config field (or one with a default).',
  ),
  config_field_changed: rule(
    'changeset',
    'minor',
    'config field changed',
    'A config field default, host_pattern or requirement changed without breaking tenants.',
  ),
  metrics_changed: rule(
    'changeset',
    'minor',
    'metrics changed',
    'The metrics the connector emits changed.',
  ),
  direct_transport_removed: rule(
    'changeset',
    'minor',
    'direct transport removed',
    'A library no longer opens sockets itself.',
  ),
  core_range_changed: rule(
    'changeset',
    'minor',
    'core range changed',
    'peerDependencies["@dealix/connector-core"] changed: hosts on other core versions are affected.',
  ),
  input_schema_changed: rule(
    'changeset',
    'minor',
    'input changed',
    'The committed input JSON Schema changed without a known narrowing (widened, or a change the gate cannot classify).',
  ),
  output_schema_changed: rule(
    'changeset',
    'minor',
    'output changed',
    'The committed output JSON Schema changed.',
  ),
  manifest_changed: rule(
    'changeset',
    'minor',
    'manifest changed',
    'Another manifest field changed.',
  ),
  files_changed: rule(
    'changeset',
    'patch',
    'files changed',
    'Files under the connector package changed.',
  ),
  changeset_missing: rule(
    'changeset',
    undefined,
    'changeset missing',
    'No new changeset names the package with at least the bump its changes need.',
  ),
  // diff: informational
  informational: rule(
    'info',
    'patch',
    'informational',
    'Display names, descriptions, notes, owners, contract_url or $schema.',
  ),
  manifest_moved: rule(
    'info',
    'patch',
    'manifest moved',
    'The same connector_key now lives at another path.',
  ),
} as const;
