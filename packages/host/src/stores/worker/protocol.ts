import type { AuditHead, SerializedDlxError } from '@dealix/connector-core/stores';
import type { CallBatch } from './callBatch';
import type { SqliteApprovalTable } from '../tables/approvalTable';
import type { SqliteAuditTable } from '../tables/auditTable';
import type { SqliteCallLinkTable } from '../tables/callLinkTable';
import type { SqliteIdempotencyTable } from '../tables/idempotencyTable';
import type { SqliteOutboxTable } from '../tables/outboxTable';
import type { SqliteSyncStateTable } from '../tables/syncStateTable';

/**
 * How a call runs in the worker's batch: `read` before the batch's write transaction, answered
 * at once from what is committed; `write` inside that transaction, answered after COMMIT (the
 * record is durable before anyone hears of it). The idempotency reads may convert a lapsed
 * lease or delete an expired key as they read: they do it in an IMMEDIATE transaction of their
 * own, committed before they answer (and with no change there is nothing to sync).
 */
export type Access = 'read' | 'write';

/** The public methods of `T` (what a remote call may name). */
export type MethodName<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never;
}[keyof T] &
  string;

export type MethodAccess<T> = { readonly [K in MethodName<T>]: Access };

export const IDEMPOTENCY_METHODS = {
  begin: 'write',
  rerun: 'write',
  complete: 'write',
  fail: 'write',
  markUnknown: 'write',
  markQueued: 'write',
  release: 'write',
  get: 'read',
  listUnknownOutcomes: 'read',
  getUnknownOutcome: 'read',
  resolveUnknownOutcome: 'write',
  countUnresolvedUnknownOutcomes: 'read',
  convertOrphanedLeases: 'write',
  pruneExpired: 'write',
} as const satisfies MethodAccess<SqliteIdempotencyTable>;

export const APPROVAL_METHODS = {
  create: 'write',
  transition: 'write',
  get: 'read',
  list: 'read',
} as const satisfies MethodAccess<SqliteApprovalTable>;

export const SYNC_STATE_METHODS = {
  update: 'write',
  put: 'write',
  get: 'read',
  list: 'read',
} as const satisfies MethodAccess<SqliteSyncStateTable>;

export const OUTBOX_METHODS = {
  append: 'write',
  prune: 'write',
  list: 'read',
} as const satisfies MethodAccess<SqliteOutboxTable>;

export const CALL_LINK_METHODS = {
  link: 'write',
  find: 'read',
  prune: 'write',
} as const satisfies MethodAccess<SqliteCallLinkTable>;

/**
 * The audit log's calls. `append` is the one not named after a table method: the worker gathers
 * a batch's appends and writes them with appendGroup() as one chained group (group commit).
 */
export const AUDIT_METHODS = {
  append: 'write',
  list: 'read',
  verify: 'read',
  head: 'read',
  recordAt: 'read',
  count: 'read',
  groupCommitStats: 'read',
} as const satisfies { readonly [K in MethodName<SqliteAuditTable> | 'append']?: Access };

/** Every store the worker serves, and how each of its calls runs. */
export const STORE_METHODS = {
  audit: AUDIT_METHODS,
  idempotency: IDEMPOTENCY_METHODS,
  approvals: APPROVAL_METHODS,
  syncState: SYNC_STATE_METHODS,
  outbox: OUTBOX_METHODS,
  callLinks: CALL_LINK_METHODS,
} as const;

export type StoreName = keyof typeof STORE_METHODS;

/** What the worker is started with (workerData). */
export interface StoreWorkerData {
  /** The database file (`:memory:` for a private in-memory one). */
  file: string;
  /** DLX_AUDIT_KEY as base64: it never leaves the two threads of this process. */
  auditKey: string;
  /** The worker's own entry file (the bootstrap requires it). */
  entry: string;
}

/** One call; its arguments travel in the batch's one serialization (see callBatch.ts). */
export interface StoreCall {
  id: number;
  store: StoreName;
  method: string;
}

export type ToWorker = { kind: 'calls'; batch: CallBatch } | { kind: 'close' };

export type CallOutcome =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedDlxError };

/**
 * The audit appends of a batch that were committed, compactly: the calls' ids in chain order
 * and where the group sits (call i has seq `firstSeq + i`, hash `hashes.slice(64 * i, 64 * i +
 * 64)` and prev_hash the hash before it, or `prevHash` for the first). One typed array and two
 * strings cross instead of an object and two strings per append.
 */
export interface AppendedCalls {
  ids: Float64Array;
  firstSeq: number;
  prevHash: string;
  /** Every hash of the group (64 hex characters each), in order, as one text. */
  hashes: string;
}

/**
 * Where a batch that carried audit appends left the chain, for the host thread's head
 * (hostAuditChain.ts).
 */
export interface AuditGroupEnd {
  /**
   * Whether every append landed exactly where the host thread chained it (each link taken).
   * False when any did not: refused, failed with its group or its batch's commit, or hashed
   * by the worker (a link missing, or made on a head that was not where it landed).
   */
  asChained: boolean;
  /** The committed head after the batch; absent when it could not be read. */
  end?: AuditHead;
}

export type FromWorker =
  | { kind: 'ready'; audit: { head: AuditHead; keyedFromSeq: number } }
  | { kind: 'open_failed'; error: SerializedDlxError }
  /** A batch's reads, answered before its writes start. */
  | { kind: 'outcomes'; outcomes: CallOutcome[] }
  /**
   * The end of a batch (one per batch sent, always its last answer): its writes' outcomes, after
   * COMMIT; its committed appends; and, when it carried appends, where it left the chain.
   */
  | { kind: 'settled'; outcomes: CallOutcome[]; appended?: AppendedCalls; audit?: AuditGroupEnd };
