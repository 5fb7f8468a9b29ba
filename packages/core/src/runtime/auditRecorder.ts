import type { Clock } from '../contract/types';
import type { AuditEventInput, AuditRecord, AuditStore } from '../stores/auditStore';

/** The facts every audit record of one call shares. */
export interface CallFacts {
  tenant: string;
  actor: string;
  connector_key: string;
  connector_version: string;
  operation: string | null;
  correlation_id: string;
  idempotency_key: string | null;
  payload_digest: string | null;
}

export interface AuditDetails {
  attempt?: number;
  duration_ms?: number;
  error_code?: string | null;
  approval_id?: string | null;
  /** Already redacted by the caller. */
  payload?: unknown;
}

/** Writes audit records; resolves only when the store says the record is durable. */
export class AuditRecorder {
  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
  ) {}

  record(
    facts: CallFacts,
    event: string,
    outcome: AuditEventInput['outcome'],
    details: AuditDetails = {},
  ): Promise<AuditRecord> {
    return this.store.append({
      ...facts,
      event,
      outcome,
      attempt: details.attempt ?? 0,
      duration_ms: details.duration_ms ?? 0,
      payload: details.payload ?? null,
      error_code: details.error_code ?? null,
      approval_id: details.approval_id ?? null,
      at: new Date(this.clock.now()).toISOString(),
    });
  }
}
