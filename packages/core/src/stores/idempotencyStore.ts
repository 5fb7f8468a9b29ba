import type { SerializedDlxError } from '../errors/dlxError';

export interface IdempotencyScope {
  tenant: string;
  connector: string;
  operation: string;
}

export type IdempotencyState = 'in_progress' | 'completed' | 'failed' | 'outcome_unknown';

/** The process holding an in_progress record: a stable host and one start of it. */
export interface LeaseHolder {
  /** Stable across restarts (host config `host_id`, or a file beside the database). */
  host_id: string;
  /** New at every process start. */
  boot_id: string;
}

/** How a person settled an unknown outcome (a re-run of an idempotent call leaves none). */
export interface UnknownOutcomeResolution {
  outcome: 'succeeded' | 'failed';
  note: string;
  resolved_by: string;
  resolved_at: number;
}

export interface IdempotencyRecord {
  scope: IdempotencyScope;
  key: string;
  payload_digest: string;
  state: IdempotencyState;
  /** Whether the operation is idempotent: an unknown outcome may then be re-run. */
  idempotent: boolean;
  /** The parsed output of a completed call (replayed to later callers). */
  result?: unknown;
  /** The error of a call that failed for good, or why its outcome is unknown. */
  error?: SerializedDlxError;
  created_at: number;
  /** While in_progress: after this time the holder is presumed dead (crash). */
  lease_expires_at: number;
  /** While in_progress: who holds the lease. */
  holder?: LeaseHolder;
  /**
   * While in_progress: true while the call holding the key waits for a slot or a rate token
   * before its first attempt, so nothing of it has been sent (see markQueued). Such a record
   * whose holder is gone (a restart, a lapsed lease) is released, not made an unknown outcome.
   */
  queued?: boolean;
  /**
   * A settled (completed or failed) record may be pruned after this time. An unknown outcome
   * never lapses: it stays until it is resolved.
   */
  expires_at: number;
  /** Given once the record first turns outcome_unknown; kept through its resolution. */
  unknown_outcome_id?: string;
  /** When it turned outcome_unknown. */
  unknown_at?: number;
  resolution?: UnknownOutcomeResolution;
}

export type BeginResult =
  | { outcome: 'started'; record: IdempotencyRecord }
  | { outcome: 'existing'; record: IdempotencyRecord };

export interface BeginRequest {
  scope: IdempotencyScope;
  key: string;
  payload_digest: string;
  idempotent: boolean;
  now: number;
  lease_ms: number;
  ttl_ms: number;
  holder: LeaseHolder;
}

export interface RerunRequest {
  scope: IdempotencyScope;
  key: string;
  now: number;
  lease_ms: number;
  holder: LeaseHolder;
}

/** A person's answer to an unknown outcome, as the store applies it. */
export interface ResolveRequest {
  tenant: string;
  unknown_outcome_id: string;
  /** The record becomes completed with this result, or failed with this error. */
  settle: { state: 'completed'; result: unknown } | { state: 'failed'; error: SerializedDlxError };
  resolution: UnknownOutcomeResolution;
  /** The resolved record may be pruned after this time. */
  expires_at: number;
}

export type ResolveResult =
  | { outcome: 'resolved'; record: IdempotencyRecord }
  | { outcome: 'not_found' }
  /** Not (or no longer) outcome_unknown: resolved already, or being re-run. */
  | { outcome: 'not_unknown'; record: IdempotencyRecord };

export interface UnknownOutcomeQuery {
  /** unresolved (default): still outcome_unknown, or being re-run; resolved; or all. */
  status?: 'unresolved' | 'resolved' | 'all';
}

/** What convertOrphanedLeases did with this host's leases from an earlier start. */
export interface OrphanedLeases {
  /** Calls that may have been sent: now unknown outcomes. */
  unknown: number;
  /** Calls still queued, never sent: released, so a repeat runs them. */
  released: number;
}

export interface UnresolvedCount {
  tenant: string;
  connector: string;
  count: number;
}

/**
 * Idempotency records with leases. `begin` is atomic insert-if-absent: exactly one caller gets
 * `started`. An in_progress record whose lease has expired is turned into `outcome_unknown`
 * (with an unknown_outcome_id) before it is returned: the holder crashed mid-call. One still
 * queued (nothing sent) is released instead, as are settled records past their expiry: both
 * are treated as absent. An unknown outcome never is.
 */
export interface IdempotencyStore {
  begin(req: BeginRequest): Promise<BeginResult>;
  /**
   * Takes an outcome_unknown record back to in_progress under a new lease, to run an idempotent
   * call again with the same vendor key: exactly one caller gets true. The unknown_outcome_id
   * stays; completing or failing the re-run settles it.
   */
  rerun(req: RerunRequest): Promise<boolean>;
  complete(scope: IdempotencyScope, key: string, result: unknown): Promise<void>;
  /** Records a final failure that later callers with the same key get replayed. */
  fail(scope: IdempotencyScope, key: string, error: SerializedDlxError): Promise<void>;
  /**
   * Records that the call may have reached the vendor with no known outcome; resolves to the
   * record's unknown_outcome_id (kept when it had one, else new). Undefined when no record holds
   * the key.
   */
  markUnknown(
    scope: IdempotencyScope,
    key: string,
    error: SerializedDlxError,
    now: number,
  ): Promise<string | undefined>;
  /**
   * Marks the in_progress record that `holder` holds as queued (true: its call waits before its
   * first attempt, nothing sent) or as about to be sent (false). Resolves true when applied;
   * false when no in_progress record of `holder` holds the key (released, or its lapsed lease
   * was taken by another caller): a call told false must not send, nor settle the key.
   */
  markQueued(
    scope: IdempotencyScope,
    key: string,
    holder: LeaseHolder,
    queued: boolean,
  ): Promise<boolean>;
  /** Forgets a key whose call failed before anything reached the vendor, so it may run again. */
  release(scope: IdempotencyScope, key: string): Promise<void>;
  get(scope: IdempotencyScope, key: string, now: number): Promise<IdempotencyRecord | undefined>;
  /** Records that have (or had) an unknown outcome, oldest first. */
  listUnknownOutcomes(
    tenant: string,
    now: number,
    query?: UnknownOutcomeQuery,
  ): Promise<IdempotencyRecord[]>;
  getUnknownOutcome(
    tenant: string,
    id: string,
    now: number,
  ): Promise<IdempotencyRecord | undefined>;
  /** Compare-and-set: applies only while the record is outcome_unknown. */
  resolveUnknownOutcome(req: ResolveRequest): Promise<ResolveResult>;
  /** Unresolved unknown outcomes per (tenant, connector), for the gauge and the board. */
  countUnresolvedUnknownOutcomes(now: number): Promise<UnresolvedCount[]>;
  /**
   * At start: this host's in_progress records from an earlier boot turn outcome_unknown at
   * once (their process is gone), without waiting for their lease; those still queued (never
   * sent) are released instead. Returns how many of each.
   */
  convertOrphanedLeases(current: LeaseHolder, now: number): Promise<OrphanedLeases>;
  /** Deletes settled records past their expiry; never an unresolved one. Returns how many. */
  pruneExpired(now: number): Promise<number>;
}
