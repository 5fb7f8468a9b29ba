import type { SerializedDlxError } from '../errors/dlxError';

export interface IdempotencyScope {
  tenant: string;
  connector: string;
  operation: string;
}

export type IdempotencyState = 'in_progress' | 'completed' | 'failed' | 'outcome_unknown';

export interface IdempotencyRecord {
  scope: IdempotencyScope;
  key: string;
  payload_digest: string;
  state: IdempotencyState;
  /** The parsed output of a completed call (replayed to later callers). */
  result?: unknown;
  /** The error of a call that failed for good (replayed too). */
  error?: SerializedDlxError;
  created_at: number;
  /** While in_progress: after this time the holder is presumed dead (crash). */
  lease_expires_at: number;
  /** The record may be pruned after this time. */
  expires_at: number;
}

export type BeginResult =
  | { outcome: 'started'; record: IdempotencyRecord }
  | { outcome: 'existing'; record: IdempotencyRecord };

export interface BeginRequest {
  scope: IdempotencyScope;
  key: string;
  payload_digest: string;
  now: number;
  lease_ms: number;
  ttl_ms: number;
}

/**
 * Idempotency records with leases. `begin` is atomic insert-if-absent: exactly one caller gets
 * `started`. An in_progress record whose lease has expired is turned into `outcome_unknown`
 * before it is returned (the holder crashed mid-call). Expired records are treated as absent.
 */
export interface IdempotencyStore {
  begin(req: BeginRequest): Promise<BeginResult>;
  complete(scope: IdempotencyScope, key: string, result: unknown): Promise<void>;
  /** Records a final failure that later callers with the same key get replayed. */
  fail(scope: IdempotencyScope, key: string, error: SerializedDlxError): Promise<void>;
  /** Records that the call may have reached the vendor with no known outcome. */
  markUnknown(scope: IdempotencyScope, key: string, error: SerializedDlxError): Promise<void>;
  /** Forgets a key whose call failed before anything reached the vendor, so it may run again. */
  release(scope: IdempotencyScope, key: string): Promise<void>;
  get(scope: IdempotencyScope, key: string, now: number): Promise<IdempotencyRecord | undefined>;
}
