/** The closed vocabularies and name patterns of the manifest, shared by schema, rules and docs. */

export const MANIFEST_VERSION = 1;

export const APPROVAL_POLICIES = ['auto', 'approval_required'] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

/** Data classifications in increasing sensitivity: the gate treats a move left as a relaxation. */
export const CLASSIFICATION_ORDER = ['public', 'internal', 'confidential', 'restricted'] as const;
export type DataClassification = (typeof CLASSIFICATION_ORDER)[number];

export const OPERATION_KINDS = ['read', 'write'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

export const CONFIG_FIELD_TYPES = [
  'string',
  'url',
  'number',
  'boolean',
  'secret',
  'private_key',
] as const;
export type ConfigFieldType = (typeof CONFIG_FIELD_TYPES)[number];

/** Config field types whose value names a host, so they may declare host_pattern. */
export const HOST_CONFIG_FIELD_TYPES: readonly ConfigFieldType[] = ['string', 'url'];
/** Config field types that hold credentials: never given a default in the repository. */
export const SECRET_CONFIG_FIELD_TYPES: readonly ConfigFieldType[] = ['secret', 'private_key'];

export const MANIFEST_METRIC_TYPES = ['counter', 'gauge', 'histogram'] as const;
/** Labels the runtime puts on every connector metric itself. */
export const RESERVED_METRIC_LABELS: readonly string[] = ['tenant', 'connector'];
export type ManifestMetricType = (typeof MANIFEST_METRIC_TYPES)[number];

/** The compensation value of an operation that cannot be undone. */
export const NO_COMPENSATION = 'none';

/** connector_key, operation names, config field names and audit event names. */
export const SNAKE_NAME = /^[a-z][a-z0-9_]*$/;
export const PROMETHEUS_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const PROMETHEUS_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Linear-time by construction: the host part excludes every character that may follow it. */
export const HTTPS_URL = /^https:\/\/[^\s/?#:@]+(?::\d{1,5})?(?:[/?#]\S*)?$/;
/**
 * A host_pattern that leaves the hosts to each tenant's operator: the host config lists them
 * under `tenants.<tenant>.egress.<connector key>` (a tenant's own SMTP server, a self-hosted API).
 */
export const TENANT_HOST_PATTERN = '${tenant}';
/** The response cap of ctx.http when the manifest states none: 10 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** An allowed_hosts entry that takes its host from a config field. */
export const CONFIG_HOST_REFERENCE = /^\$\{config\.([a-z][a-z0-9_]*)\}$/;
export const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
