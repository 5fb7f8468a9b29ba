import { randomBytes } from 'node:crypto';
import { DlxError, type SerializedDlxError } from '../../errors/dlxError';
import type { IdempotencyRecord, LeaseHolder, UnknownOutcomeQuery } from '../idempotencyStore';

/**
 * The read-time rules every IdempotencyStore applies (the interface's doc), kept in one place
 * so the SQLite store in the host can apply exactly the same ones.
 */

/**
 * A record that no longer exists for callers: a settled one past its expires_at, or a lapsed
 * lease whose call was still queued (nothing of it sent: released rather than made unknown).
 * An unknown outcome never lapses (a person must resolve it), and an in_progress record whose
 * call may have been sent turns unknown, never absent.
 */
export function isIdempotencyRecordExpired(record: IdempotencyRecord, now: number): boolean {
  if (record.state === 'completed' || record.state === 'failed') return now > record.expires_at;
  return isUnsent(record) && isIdempotencyLeaseLapsed(record, now);
}

/**
 * An in_progress record whose call is queued and was never sent: its first run (a re-run of an
 * unknown outcome keeps that outcome's id, and stays unknown if its holder is gone).
 */
export function isUnsent(record: IdempotencyRecord): boolean {
  return (
    record.state === 'in_progress' &&
    record.queued === true &&
    record.unknown_outcome_id === undefined
  );
}

/** Whether `holder` (this very start of its host) holds the record's in_progress lease. */
export function isHeldBy(record: IdempotencyRecord, holder: LeaseHolder): boolean {
  return (
    record.state === 'in_progress' &&
    record.holder !== undefined &&
    record.holder.host_id === holder.host_id &&
    record.holder.boot_id === holder.boot_id
  );
}

/** An in_progress record past its lease: the holder is presumed dead mid-call. */
export function isIdempotencyLeaseLapsed(record: IdempotencyRecord, now: number): boolean {
  return record.state === 'in_progress' && now > record.lease_expires_at;
}

/** An in_progress record left by an earlier start of this host: its process is gone. */
export function isOrphanedLease(record: IdempotencyRecord, current: LeaseHolder): boolean {
  return (
    record.state === 'in_progress' &&
    record.holder !== undefined &&
    record.holder.host_id === current.host_id &&
    record.holder.boot_id !== current.boot_id
  );
}

/** A fresh opaque id for a record that turns outcome_unknown. */
export function newUnknownOutcomeId(): string {
  return `uo_${randomBytes(12).toString('hex')}`;
}

/** The error a lapsed or orphaned lease leaves on the record. */
export function leaseLapsedError(
  reason: 'lease_expired' | 'host_restarted' = 'lease_expired',
): SerializedDlxError {
  const why =
    reason === 'lease_expired'
      ? 'did not finish within its lease (the process may have stopped mid-call)'
      : 'was in flight when its host stopped (the host has restarted)';
  return new DlxError(
    'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
    `The call holding this idempotency key ${why}; whether it reached the vendor is unknown.`,
    { mayHaveReachedVendor: true, details: { reason } },
  ).toJSON();
}

/** The record as outcome_unknown: it keeps an id it already had, else gets a new one. */
export function asUnknownOutcome(
  record: IdempotencyRecord,
  now: number,
  error: SerializedDlxError,
): IdempotencyRecord {
  const unknown: IdempotencyRecord = {
    scope: record.scope,
    key: record.key,
    payload_digest: record.payload_digest,
    state: 'outcome_unknown',
    idempotent: record.idempotent,
    error,
    created_at: record.created_at,
    lease_expires_at: record.lease_expires_at,
    expires_at: record.expires_at,
    unknown_outcome_id: record.unknown_outcome_id ?? newUnknownOutcomeId(),
    unknown_at: now,
  };
  return unknown;
}

/** The record as it must be read at `now`: a lapsed lease turns it into outcome_unknown. */
export function applyLeaseExpiry(record: IdempotencyRecord, now: number): IdempotencyRecord {
  if (!isIdempotencyLeaseLapsed(record, now)) return record;
  return asUnknownOutcome(record, now, leaseLapsedError('lease_expired'));
}

/** Whether a record counts as an unresolved unknown outcome (still unknown, or being re-run). */
export function isUnresolvedUnknownOutcome(record: IdempotencyRecord): boolean {
  return (
    record.unknown_outcome_id !== undefined &&
    (record.state === 'outcome_unknown' || record.state === 'in_progress')
  );
}

/** Whether a record with an unknown_outcome_id belongs in a listing with this status. */
export function matchesUnknownOutcomeQuery(
  record: IdempotencyRecord,
  query: UnknownOutcomeQuery = {},
): boolean {
  if (record.unknown_outcome_id === undefined) return false;
  const status = query.status ?? 'unresolved';
  return status === 'all' || (status === 'unresolved') === isUnresolvedUnknownOutcome(record);
}

/**
 * What a restart does with a record (convertOrphanedLeases): nothing (undefined) unless it is
 * this host's lease from an earlier start; `'release'` for a call still queued, never sent;
 * else the record as an unknown outcome.
 */
export function orphanedLeaseFate(
  record: IdempotencyRecord,
  current: LeaseHolder,
  now: number,
): IdempotencyRecord | 'release' | undefined {
  if (!isOrphanedLease(record, current)) return undefined;
  if (isUnsent(record)) return 'release';
  return asUnknownOutcome(record, now, leaseLapsedError('host_restarted'));
}
