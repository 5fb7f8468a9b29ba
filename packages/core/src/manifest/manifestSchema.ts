import { z } from 'zod';
import {
  checkAllowedHostSyntax,
  checkArabicScript,
  checkHostPatternSyntax,
  checkMapSize,
  checkNonDecreasing,
  checkUniqueEntries,
} from './fieldChecks';
import { checkManifestRules } from './manifestRules';
import { MANIFEST_LIMITS as L } from './manifestLimits';
import {
  APPROVAL_POLICIES,
  CLASSIFICATION_ORDER,
  CONFIG_FIELD_TYPES,
  HTTPS_URL,
  MANIFEST_VERSION,
  MANIFEST_METRIC_TYPES,
  OPERATION_KINDS,
  PROMETHEUS_LABEL_NAME,
  PROMETHEUS_METRIC_NAME,
  SNAKE_NAME,
} from './manifestVocabulary';

/**
 * What a field falls back to when omitted, for the generated reference. Kept out of zod's
 * global registry so it does not leak into the JSON Schema as an editor default.
 */
export const manifestFieldDefaults = z.registry<{ defaultText: string }>();

function documented<T extends z.ZodType>(schema: T, description: string, defaultText?: string): T {
  const described = schema.describe(description) as T;
  if (defaultText !== undefined) manifestFieldDefaults.add(described, { defaultText });
  return described;
}

const text = (max: number) => z.string().min(1).max(max);
const snakeName = (max: number) => z.string().max(max).regex(SNAKE_NAME);
const eventName = () => snakeName(L.eventNameLength);
const approvalPolicy = () => z.enum(APPROVAL_POLICIES);
const dataClassification = () => z.enum(CLASSIFICATION_ORDER);
const retryMax = () => z.int().min(0).max(L.retryMax);
const backoffList = () => z.array(z.int().min(0)).max(L.retryMax).superRefine(checkNonDecreasing);
const timeoutMs = () => z.int().min(1).max(L.timeoutMs);
const deadlineMs = () => z.int().min(1);
const maxResponseBytes = () => z.int().min(1).max(L.maxResponseBytes);
const fromConnector = (field: string) => `the connector's \`${field}\``;

export const manifestOperationAuditEventsSchema = z
  .strictObject({
    success: documented(eventName(), 'Audit event emitted when the call succeeds.'),
    failure: documented(eventName(), 'Audit event emitted when the call fails.'),
  })
  .describe('The audit events of one operation; both must be listed in `audit_events`.');

export const manifestOperationSchema = z
  .strictObject({
    kind: documented(
      z.enum(OPERATION_KINDS),
      '`read` leaves vendor state unchanged; `write` changes it and must declare `compensation`.',
    ),
    description: documented(text(L.description), 'What the operation does, for reviewers.'),
    approval_policy: documented(
      approvalPolicy().optional(),
      'Overrides the connector default for this operation.',
      fromConnector('approval_policy'),
    ),
    data_classification: documented(
      dataClassification().optional(),
      'Overrides the connector default; decides how audit payloads are redacted.',
      fromConnector('data_classification'),
    ),
    idempotent: documented(
      z.boolean().optional(),
      'Whether repeating the call has no further effect (the vendor de-duplicates).',
      fromConnector('idempotent'),
    ),
    timeout_ms: documented(
      timeoutMs().optional(),
      'Time limit of one attempt, in milliseconds.',
      fromConnector('timeout_ms'),
    ),
    retry_max: documented(
      retryMax().optional(),
      'Retries after the first attempt. If it differs from the connector, give `retry_backoff_ms` too.',
      fromConnector('retry_max'),
    ),
    retry_backoff_ms: documented(
      backoffList().optional(),
      'Wait before each retry in milliseconds: exactly `retry_max` entries, never decreasing.',
      fromConnector('retry_backoff_ms'),
    ),
    deadline_ms: documented(
      deadlineMs().optional(),
      'Total time bound for all attempts; at least the effective `timeout_ms`.',
      "the connector's `deadline_ms`, else (`retry_max` + 1) x `timeout_ms` + sum of backoffs",
    ),
    max_response_bytes: documented(
      maxResponseBytes().optional(),
      'Largest vendor response body this operation reads, in bytes; a larger one fails the attempt.',
      fromConnector('max_response_bytes'),
    ),
    vendor_call: documented(
      z.boolean().optional(),
      '`false` marks an operation that never calls the vendor (computed locally): conformance checks of retries, timeouts and rate limits do not apply to it.',
      '`true`',
    ),
    audit_events: documented(
      manifestOperationAuditEventsSchema,
      'Audit events emitted for this operation.',
    ),
    compensation: documented(
      snakeName(L.nameLength).optional(),
      'The write operation that undoes this one, or `none`. Required for writes; a read may only say `none`.',
      '`none` for reads; required for writes',
    ),
    compensation_note: documented(
      text(L.description).optional(),
      'Why the operation cannot be undone. Required when `compensation` is `none` on a write.',
    ),
  })
  .describe('One operation of the connector, keyed by its name in `operations`.');

export const manifestConfigFieldSchema = z
  .strictObject({
    type: documented(
      z.enum(CONFIG_FIELD_TYPES),
      'Value type; `secret` and `private_key` values are never logged, audited or defaulted.',
    ),
    required: documented(z.boolean(), 'Whether a tenant must give a value.'),
    description: documented(text(L.description), 'What the value is and where to find it.'),
    default: documented(
      z.union([z.string().max(L.longText), z.number(), z.boolean()]).optional(),
      'Value used when the tenant gives none; must match `type` (and `host_pattern`). Not allowed for secrets.',
    ),
    host_pattern: documented(
      z.string().max(L.hostLength).superRefine(checkHostPatternSyntax).optional(),
      "For `string` and `url` fields: the host the value must name, literal or `*.` + host, or `${tenant}` when each tenant's operator lists the allowed hosts in the host config (`tenants.<tenant>.egress.<connector key>`). Lets `allowed_hosts` use `${config.<field>}`.",
    ),
  })
  .describe('One tenant configuration field, keyed by its name in `config`.');

export const manifestMetricSchema = z
  .strictObject({
    name: documented(
      z.string().max(L.shortText).regex(PROMETHEUS_METRIC_NAME),
      'Prometheus metric name; registered once per host.',
    ),
    type: documented(z.enum(MANIFEST_METRIC_TYPES), 'Prometheus metric type.'),
    unit: documented(text(L.nameLength), 'Unit of the value, e.g. `seconds` or `messages`.'),
    labels: documented(
      z
        .array(z.string().max(L.nameLength).regex(PROMETHEUS_LABEL_NAME))
        .max(L.metricLabels)
        .superRefine(checkUniqueEntries),
      'Prometheus label names, each once.',
    ),
  })
  .describe('A metric the connector emits beyond the runtime metrics.');

export const manifestSuggestedLimitsSchema = z
  .strictObject({
    max_concurrency: documented(
      z.int().min(1).max(L.concurrency).optional(),
      'Calls (attempts) in flight per tenant at once; more wait in a queue.',
      "the host's `limits.max_concurrency`",
    ),
    max_requests_per_second: documented(
      z.number().positive().max(L.requestsPerSecond).optional(),
      'Attempts started per second per tenant (a token bucket holding one second of them).',
      "the host's `limits.max_requests_per_second` (none)",
    ),
    max_queue: documented(
      z.int().min(0).max(L.queue).optional(),
      'Calls that may wait for a slot per tenant; one more fails at once with `DLX_E_RUNTIME_QUEUE_FULL`.',
      '1000',
    ),
  })
  .describe(
    "Client-side limits the vendor's own limits call for (Twilio: one call per second); the host applies them per (tenant, connector) unless its config sets that tenant's limits.",
  );

export const manifestDirectTransportSchema = z
  .strictObject({
    library: documented(text(L.shortText), 'Package allowed to open sockets itself.'),
    reason: documented(text(L.description), 'Why `ctx.http` cannot be used, for reviewers.'),
  })
  .describe('A library allowed to open sockets outside `ctx.http`; reviewed by the gate.');

export const manifestObjectSchema = z
  .strictObject({
    $schema: documented(
      z.string().max(L.longText).optional(),
      'Path or URL of `connector-manifest.schema.json`, for editors.',
    ),
    manifest_version: documented(
      z.literal(MANIFEST_VERSION),
      'Version of the manifest format itself, for future migrations.',
    ),
    connector_key: documented(
      snakeName(L.nameLength),
      'Unique key; the package is `@dealix/connector-<key with _ as ->`.',
    ),
    display_name: documented(text(L.shortText), 'Name shown on the board, in English.'),
    display_name_ar: documented(
      text(L.shortText).superRefine(checkArabicScript),
      'Name shown on the board, in Arabic script.',
    ),
    contract_url: documented(
      z.string().max(L.longText).regex(HTTPS_URL),
      "https URL of the vendor's API documentation.",
    ),
    owners: documented(
      z.array(text(L.shortText)).min(1).max(L.owners),
      'Teams or people answerable for the connector.',
    ),
    approval_policy: documented(approvalPolicy(), 'Default approval policy of operations.'),
    data_classification: documented(
      dataClassification(),
      'Default sensitivity of operation data: `public` < `internal` < `confidential` < `restricted`.',
    ),
    idempotent: documented(z.boolean(), 'Default idempotency of operations.'),
    retry_max: documented(retryMax(), 'Default number of retries after the first attempt.'),
    retry_backoff_ms: documented(
      backoffList(),
      'Default wait before each retry in milliseconds: exactly `retry_max` entries, never decreasing.',
    ),
    timeout_ms: documented(timeoutMs(), 'Default time limit of one attempt, in milliseconds.'),
    deadline_ms: documented(
      deadlineMs().optional(),
      'Default total time bound for all attempts; at least `timeout_ms`.',
      '(`retry_max` + 1) x `timeout_ms` + sum of `retry_backoff_ms`, per operation',
    ),
    max_response_bytes: documented(
      maxResponseBytes().optional(),
      'Default largest vendor response body an operation reads, in bytes.',
      '10485760 (10 MiB)',
    ),
    suggested_limits: documented(
      manifestSuggestedLimitsSchema.optional(),
      'Client-side limits per (tenant, connector) the host applies by default.',
      'none',
    ),
    audit_events: documented(
      z.array(eventName()).min(1).max(L.auditEvents).superRefine(checkUniqueEntries),
      'Every audit event the connector emits; each used by an operation or in `webhook_events`.',
    ),
    allowed_hosts: documented(
      z
        .array(z.string().max(L.hostLength).superRefine(checkAllowedHostSyntax))
        .min(1)
        .max(L.allowedHosts)
        .superRefine(checkUniqueEntries),
      'Hosts `ctx.http` may reach: a lower-case host name or IPv4, `*.` + host (one leading label), or `${config.<field>}`.',
    ),
    operations: documented(
      z
        .record(snakeName(L.nameLength), manifestOperationSchema)
        .superRefine(checkMapSize(1, L.operations)),
      'The operations, keyed by name.',
    ).meta({ minProperties: 1, maxProperties: L.operations }),
    webhook_events: documented(
      z.array(eventName()).max(L.webhookEvents).superRefine(checkUniqueEntries).optional(),
      'Audit events born from verified inbound webhooks; each listed in `audit_events`.',
      'none',
    ),
    config: documented(
      z
        .record(snakeName(L.nameLength), manifestConfigFieldSchema)
        .superRefine(checkMapSize(0, L.configFields)),
      'Tenant configuration fields, keyed by name.',
    ).meta({ maxProperties: L.configFields }),
    metrics: documented(
      z.array(manifestMetricSchema).max(L.metrics).optional(),
      'Metrics the connector emits itself.',
      'none',
    ),
    direct_transports: documented(
      z.array(manifestDirectTransportSchema).max(L.directTransports).optional(),
      'Libraries allowed to open sockets themselves, e.g. nodemailer for SMTP.',
      'none',
    ),
  })
  .describe('The connector manifest (`connector.json`).');

/** The manifest schema: field rules plus every cross-field rule (manifestRules.ts). */
export const manifestSchema = manifestObjectSchema.superRefine(checkManifestRules);

export type ConnectorManifest = z.output<typeof manifestSchema>;
export type ManifestOperation = z.output<typeof manifestOperationSchema>;
export type ManifestConfigField = z.output<typeof manifestConfigFieldSchema>;
export type ManifestMetric = z.output<typeof manifestMetricSchema>;
export type ManifestDirectTransport = z.output<typeof manifestDirectTransportSchema>;
export type ManifestSuggestedLimits = z.output<typeof manifestSuggestedLimitsSchema>;
