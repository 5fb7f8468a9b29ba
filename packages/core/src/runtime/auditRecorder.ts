import type { Clock } from '../contract/types';
import type { AuditEventInput, AuditRecord, AuditStore } from '../stores/auditStore';
import type { CrossStoreWrites, KeyCompletion } from '../stores/stores';
import { isoTime } from './isoTime';
import { currentTraceIds } from '../tracing/traceIds';

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
  /** When it happened on the runtime clock, if the caller has just read it (default: now). */
  atMs?: number;
}

/** Writes audit records; resolves only when the store says the record is durable. */
export class AuditRecorder {
  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
    private readonly crossStore?: CrossStoreWrites,
  ) {}

  /** Whether recordCompleting() writes the record and the key's result in one transaction. */
  get completesKeys(): boolean {
    return this.crossStore !== undefined;
  }

  record(
    facts: CallFacts,
    event: string,
    outcome: AuditEventInput['outcome'],
    details: AuditDetails = {},
  ): Promise<AuditRecord> {
    return this.store.append(this.eventOf(facts, event, outcome, details));
  }

  /**
   * record() and the key's result in one transaction (CrossStoreWrites.appendAndComplete);
   * only when completesKeys.
   */
  recordCompleting(
    facts: CallFacts,
    event: string,
    outcome: AuditEventInput['outcome'],
    details: AuditDetails,
    completion: KeyCompletion,
  ): Promise<AuditRecord> {
    return this.crossStore!.appendAndComplete(
      this.eventOf(facts, event, outcome, details),
      completion,
    );
  }

  private eventOf(
    facts: CallFacts,
    event: string,
    outcome: AuditEventInput['outcome'],
    details: AuditDetails,
  ): AuditEventInput {
    const ids = currentTraceIds();
    // Written out rather than spread: on Node 20, adding properties to a spread copy costs
    // about a microsecond each, and this runs for every audit record.
    return {
      tenant: facts.tenant,
      actor: facts.actor,
      connector_key: facts.connector_key,
      connector_version: facts.connector_version,
      operation: facts.operation,
      correlation_id: facts.correlation_id,
      idempotency_key: facts.idempotency_key,
      payload_digest: facts.payload_digest,
      event,
      outcome,
      attempt: details.attempt ?? 0,
      duration_ms: details.duration_ms ?? 0,
      payload: details.payload ?? null,
      error_code: details.error_code ?? null,
      approval_id: details.approval_id ?? null,
      at: isoTime(details.atMs ?? this.clock.now()),
      // The active span's ids: the call's, the request's, the webhook delivery's.
      trace_id: ids === undefined ? null : ids.trace_id,
      span_id: ids === undefined ? null : ids.span_id,
    };
  }
}
