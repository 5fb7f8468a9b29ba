import type { SerializedDlxError } from '../../errors/dlxError';
import type {
  BeginRequest,
  IdempotencyRecord,
  RerunRequest,
  ResolveRequest,
} from '../idempotencyStore';

/**
 * The state changes of an idempotency record as pure functions, so every store (memory here,
 * SQLite in the host) moves a record exactly the same way and only stores the result. Each
 * builds a fresh record: the input is never changed.
 */

/** A new key's in_progress record. */
export function startedRecord(req: BeginRequest): IdempotencyRecord {
  return {
    scope: {
      tenant: req.scope.tenant,
      connector: req.scope.connector,
      operation: req.scope.operation,
    },
    key: req.key,
    payload_digest: req.payload_digest,
    state: 'in_progress',
    idempotent: req.idempotent,
    created_at: req.now,
    lease_expires_at: req.now + req.lease_ms,
    holder: { host_id: req.holder.host_id, boot_id: req.holder.boot_id },
    expires_at: req.now + req.ttl_ms,
  };
}

/** An unknown outcome taken back to in_progress to run an idempotent call again. */
export function rerunRecord(record: IdempotencyRecord, req: RerunRequest): IdempotencyRecord {
  const next = settledRecord(record, 'in_progress');
  next.lease_expires_at = req.now + req.lease_ms;
  next.holder = { host_id: req.holder.host_id, boot_id: req.holder.boot_id };
  return next;
}

/** The in_progress record marked queued (its call waits, nothing sent) or not (being sent). */
export function queuedRecord(record: IdempotencyRecord, queued: boolean): IdempotencyRecord {
  const next: IdempotencyRecord = { ...record };
  if (queued) next.queued = true;
  else delete next.queued;
  return next;
}

export function completedRecord(record: IdempotencyRecord, result: unknown): IdempotencyRecord {
  if (record.unknown_outcome_id === undefined) {
    // Every call's completion: the same fields as below, in the same order, as one literal
    // (adding `result` afterwards grows the object a second time).
    return {
      scope: record.scope,
      key: record.key,
      payload_digest: record.payload_digest,
      state: 'completed',
      idempotent: record.idempotent,
      created_at: record.created_at,
      lease_expires_at: record.lease_expires_at,
      expires_at: record.expires_at,
      result,
    };
  }
  const next = settledRecord(record, 'completed');
  next.result = result;
  return next;
}

export function failedRecord(
  record: IdempotencyRecord,
  error: SerializedDlxError,
): IdempotencyRecord {
  const next = settledRecord(record, 'failed');
  next.error = error;
  return next;
}

/** A person's resolution of an unknown outcome. */
export function resolvedRecord(record: IdempotencyRecord, req: ResolveRequest): IdempotencyRecord {
  const next =
    req.settle.state === 'completed'
      ? completedRecord(record, req.settle.result)
      : failedRecord(record, req.settle.error);
  next.resolution = { ...req.resolution };
  next.expires_at = req.expires_at;
  return next;
}

/**
 * The record in another state, without the result, error or holder of the earlier one (the
 * caller adds the new ones), keeping its unknown-outcome id. Written out rather than spread: on
 * Node 20, adding properties to a spread copy costs about a microsecond each.
 */
function settledRecord(
  record: IdempotencyRecord,
  state: IdempotencyRecord['state'],
): IdempotencyRecord {
  const next: IdempotencyRecord = {
    scope: record.scope,
    key: record.key,
    payload_digest: record.payload_digest,
    state,
    idempotent: record.idempotent,
    created_at: record.created_at,
    lease_expires_at: record.lease_expires_at,
    expires_at: record.expires_at,
  };
  if (record.unknown_outcome_id !== undefined) {
    next.unknown_outcome_id = record.unknown_outcome_id;
    if (record.unknown_at !== undefined) next.unknown_at = record.unknown_at;
  }
  return next;
}
