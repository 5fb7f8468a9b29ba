/** One audit event as the runtime records it (DESIGN.md, runtime details). */
export interface AuditEventInput {
  tenant: string;
  /** The principal: an API token's name, "system", or "webhook:<connector>". */
  actor: string;
  connector_key: string;
  connector_version: string;
  operation: string | null;
  /** A manifest audit event (`payment_created`) or a governance event (`approval_granted`). */
  event: string;
  outcome: 'success' | 'failure' | 'pending' | 'info';
  attempt: number;
  duration_ms: number;
  correlation_id: string;
  idempotency_key: string | null;
  payload_digest: string | null;
  /** Redacted by the operation's data classification before it gets here. */
  payload: unknown;
  error_code: string | null;
  approval_id: string | null;
  /** ISO 8601 time of the event. */
  at: string;
  /**
   * The trace and span active when the event was recorded (the call's span, a request's, a
   * webhook delivery's), lower-case hex; null (or absent) when tracing is off. Hashed only when
   * set, so records without them hash as they did before the fields existed.
   */
  trace_id?: string | null;
  span_id?: string | null;
}

export interface AuditRecord extends AuditEventInput {
  /** 1-based position in the chain. */
  seq: number;
  prev_hash: string;
  hash: string;
}

export type AuditVerifyResult =
  | {
      ok: true;
      count: number;
      head: AuditHead;
      /**
       * Records older than the keyed format (a database made before it), verified with the
       * legacy unkeyed hash: present only when there are some.
       */
      legacy_count?: number;
    }
  | { ok: false; count: number; first_bad_seq: number; reason: string };

export interface AuditHead {
  seq: number;
  hash: string;
}

export interface AuditQuery {
  tenant?: string;
  /** Records with seq greater than this. */
  after?: number;
  limit?: number;
}

/** Append-only, hash-chained audit log. An append resolves only once the record is durable. */
export interface AuditStore {
  append(event: AuditEventInput): Promise<AuditRecord>;
  list(query?: AuditQuery): Promise<AuditRecord[]>;
  /** Re-computes every hash and link; names the first record that does not match. */
  verify(): Promise<AuditVerifyResult>;
  /** The head of the chain, to anchor it outside the store. */
  head(): Promise<AuditHead>;
}
