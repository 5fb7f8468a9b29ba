import { z } from 'zod';
import { metricDefinitionSchema } from '../metrics/metricDictionarySchema';

const iso = () => z.string().describe('ISO 8601');

/** One (tenant, connector) row of the governance board (the standard's columns and ours). */
export const boardRowSchema = z.object({
  tenant: z.string(),
  connector_key: z.string(),
  display_name: z.string(),
  display_name_ar: z.string(),
  status: z.enum(['ok', 'degraded', 'error']),
  last_success_at: iso().nullable(),
  last_attempt_at: iso().nullable(),
  last_error: z.object({ code: z.string(), message: z.string(), at: iso() }).nullable(),
  registered: z.boolean(),
  version: z.string(),
  breaker_state: z.enum(['closed', 'half_open', 'open']),
  approval_policy: z.enum(['auto', 'approval_required', 'per_operation', 'unknown']),
  approval_required_operations: z.array(z.string()),
  data_classification: z.string(),
  probe: z.object({ status: z.string(), detail: z.string().nullable(), at: iso() }).nullable(),
  unknown_outcomes: z.number().int(),
});

/** One tenant on the board, with the dictionary's two computed metrics. */
export const boardTenantSchema = z.object({
  tenant: z.string(),
  connector_health: z.number().describe('connector_health (docs/metric-dictionary.md)'),
  approval_sla_compliance: z
    .number()
    .nullable()
    .describe('approval_sla_compliance; null when nothing is due'),
  approval_sla: z.object({
    within_sla: z.number().int(),
    due: z.number().int(),
    sla_ms: z.number().int(),
    window_ms: z.number().int(),
  }),
  connectors: z.array(boardRowSchema),
});

/** `GET /api/v1/connectors/governance?tenant=`. */
export const boardQuerySchema = z.object({ tenant: z.string().min(1).optional() });

export const boardAnswerSchema = z.object({
  generated_at: iso(),
  host_id: z
    .string()
    .describe(
      'The host that answered: breaker_state, probe and the status computed from them are its own view; the sync-state columns are shared by every host of the database.',
    ),
  egress: z.object({ allow_loopback: z.boolean() }),
  tenants: z.array(boardTenantSchema),
});

/** A verified inbound webhook event in the outbox. */
export const outboxEventSchema = z.object({
  cursor: z.string().describe('Opaque: send it back as `after`, never compare or compute with it.'),
  tenant: z.string(),
  connector: z.string(),
  event_id: z.string(),
  type: z.string(),
  occurred_at: iso().nullable(),
  received_at: iso(),
  payload: z.unknown(),
  correlation_id: z
    .string()
    .optional()
    .describe('The call that created the object this event is about, when linked.'),
});

export const eventsAnswerSchema = z.object({
  events: z.array(outboxEventSchema),
  next_after: z
    .string()
    .nullable()
    .describe('Pass as `after` to read on (null: nothing read yet and no cursor given).'),
});

/** One record of the audit chain as a tenant's viewers read it. */
export const auditRecordSchema = z.object({
  seq: z.number().int(),
  prev_hash: z.string(),
  hash: z.string(),
  tenant: z.string(),
  actor: z.string(),
  connector_key: z.string(),
  connector_version: z.string(),
  operation: z.string().nullable(),
  event: z.string(),
  outcome: z.enum(['success', 'failure', 'pending', 'info']),
  attempt: z.number().int(),
  duration_ms: z.number(),
  correlation_id: z.string(),
  idempotency_key: z.string().nullable(),
  payload_digest: z.string().nullable(),
  payload: z.unknown(),
  error_code: z.string().nullable(),
  approval_id: z.string().nullable(),
  at: iso(),
});

export const auditAnswerSchema = z.object({
  records: z.array(auditRecordSchema),
  next_after: z.number().int(),
});

/** `GET /api/v1/metric-dictionary`: the dictionary data file's metrics. */
export const metricDictionaryAnswerSchema = z.object({ metrics: z.array(metricDefinitionSchema) });

/** `GET /healthz`: the startup report in short. */
export const healthAnswerSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  core_version: z.string(),
  plugins: z.object({
    ready: z.number().int(),
    degraded: z.number().int(),
    rejected: z.number().int(),
  }),
  entries: z.array(
    z.object({
      key: z.string().nullable(),
      outcome: z.string(),
      stage: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  notes: z.array(z.string()),
});

/** `GET /readyz`. */
export const readyAnswerSchema = z.object({
  status: z.literal('ready'),
  host_id: z.string().describe('The host that answered (several serve behind a load balancer).'),
});

export type BoardRowView = z.output<typeof boardRowSchema>;
export type BoardTenantView = z.output<typeof boardTenantSchema>;
export type BoardAnswer = z.output<typeof boardAnswerSchema>;
export type OutboxEventView = z.output<typeof outboxEventSchema>;
export type EventsAnswer = z.output<typeof eventsAnswerSchema>;
export type AuditAnswer = z.output<typeof auditAnswerSchema>;
