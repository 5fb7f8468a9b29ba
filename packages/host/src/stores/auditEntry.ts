import type { AuditEventInput } from '@dealix/connector-core/stores';

/**
 * An audit append as the store worker reads it from its batch's audit columns
 * (worker/auditColumns.ts): the normalized event's values in audit_log column order (tenant ..
 * span_id, the payload as its canonical JSON text), without their names. It is the row's middle
 * as it is inserted: [seq, ...entry, prev_hash, hash].
 */
export type AuditEntry = [
  tenant: string,
  actor: string,
  connector_key: string,
  connector_version: string,
  operation: string | null,
  event: string,
  outcome: AuditEventInput['outcome'],
  attempt: number,
  duration_ms: number,
  correlation_id: string,
  idempotency_key: string | null,
  payload_digest: string | null,
  payload: string,
  error_code: string | null,
  approval_id: string | null,
  at: string,
  trace_id: string | null,
  span_id: string | null,
];

/** The entry of a normalized event whose payload's canonical text is `payloadText`. */
export function toAuditEntry(event: AuditEventInput, payloadText: string): AuditEntry {
  return [
    event.tenant,
    event.actor,
    event.connector_key,
    event.connector_version,
    event.operation,
    event.event,
    event.outcome,
    event.attempt,
    event.duration_ms,
    event.correlation_id,
    event.idempotency_key,
    event.payload_digest,
    payloadText,
    event.error_code,
    event.approval_id,
    event.at,
    event.trace_id ?? null,
    event.span_id ?? null,
  ];
}

/**
 * The event an entry carries, its payload still the canonical text (what the audit table's
 * appendGroup takes). Anything but a list of the entry's length reads as an event with no
 * fields, which checkStorableAuditEvent then refuses by name.
 */
export function auditEventFromEntry(entry: unknown): AuditEventInput {
  const e = (Array.isArray(entry) && entry.length === ENTRY_LENGTH ? entry : []) as AuditEntry;
  return {
    tenant: e[0],
    actor: e[1],
    connector_key: e[2],
    connector_version: e[3],
    operation: e[4],
    event: e[5],
    outcome: e[6],
    attempt: e[7],
    duration_ms: e[8],
    correlation_id: e[9],
    idempotency_key: e[10],
    payload_digest: e[11],
    payload: e[12],
    error_code: e[13],
    approval_id: e[14],
    at: e[15],
    trace_id: e[16],
    span_id: e[17],
  };
}

export const ENTRY_LENGTH = 18;
