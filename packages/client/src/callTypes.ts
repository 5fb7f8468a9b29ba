import type { ApprovalRequired, CallOk } from '@dealix/connector-core/api';
import type { ApprovalWaitOptions } from './approvalWait';

/** A call that ran (or was replayed), its output typed by the caller. */
export type CallDone<TOutput = unknown> = Omit<CallOk, 'output'> & { output: TOutput };

/** What execute and compensate answer: the call ran, or it waits for an approval. */
export type CallAnswer<TOutput = unknown> = CallDone<TOutput> | ApprovalRequired;

export interface CallOptions {
  /**
   * The call's intent: a repeat replays, another payload is a conflict. Required by the host
   * for writes that are not idempotent; with one, the client may repeat an answer the host
   * marks retryable (on a read it is only recorded in audit).
   */
  idempotencyKey?: string;
  /** Repeat a call whose approval was granted. */
  approvalId?: string;
  /** Ties the call to your own trace (1..128 printable ASCII); audited. */
  correlationId?: string;
  signal?: AbortSignal;
}

export interface CompensateOptions extends CallOptions {
  /** Names the call to undo. */
  idempotencyKey: string;
  /** The original call's input (optional). */
  input?: unknown;
}

export interface ApprovalRoundTrip {
  /**
   * Told once per approval request, before the wait: notify the approvers, log the id. A
   * rejection ends the round trip with that error.
   */
  onApprovalRequired?: (pending: ApprovalRequired) => void | Promise<void>;
  wait?: ApprovalWaitOptions;
}

export type ExecuteWithApprovalOptions = Omit<CallOptions, 'approvalId'> & ApprovalRoundTrip;
export type CompensateWithApprovalOptions = Omit<CompensateOptions, 'approvalId'> &
  ApprovalRoundTrip;
