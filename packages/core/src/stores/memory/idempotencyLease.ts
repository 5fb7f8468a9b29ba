import { DlxError, type SerializedDlxError } from '../../errors/dlxError';
import type { IdempotencyRecord } from '../idempotencyStore';

/**
 * The read-time rules every IdempotencyStore applies (the interface's doc), kept in one place
 * so the SQLite store in the host can apply exactly the same ones.
 */

/** A record past its expires_at no longer exists for callers. */
export function isIdempotencyRecordExpired(record: IdempotencyRecord, now: number): boolean {
  return now > record.expires_at;
}

/** An in_progress record past its lease: the holder is presumed dead mid-call. */
export function isIdempotencyLeaseLapsed(record: IdempotencyRecord, now: number): boolean {
  return record.state === 'in_progress' && now > record.lease_expires_at;
}

/** The error a lapsed lease leaves on the record, replayed to later callers with the key. */
export function leaseLapsedError(): SerializedDlxError {
  return new DlxError(
    'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
    'The call holding this idempotency key did not finish within its lease (the process may have stopped mid-call); whether it reached the vendor is unknown.',
    { details: { reason: 'lease_expired' } },
  ).toJSON();
}

/** The record as it must be read at `now`: a lapsed lease turns it into outcome_unknown. */
export function applyLeaseExpiry(record: IdempotencyRecord, now: number): IdempotencyRecord {
  if (!isIdempotencyLeaseLapsed(record, now)) return record;
  return { ...record, state: 'outcome_unknown', error: leaseLapsedError() };
}
