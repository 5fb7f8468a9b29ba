import type { DlxError } from '../errors/dlxError';
import { ERROR_REGISTRY, type ErrorDefinition } from '../errors/registry';

export interface RetryContext {
  /** Attempts made so far (1 after the first). */
  attempt: number;
  retryMax: number;
  /** Manifest backoffs, one per retry, already scaled. */
  backoffMs: readonly number[];
  /** Whether a repeated request is safe (the operation is idempotent or carries a vendor key). */
  idempotent: boolean;
  now: number;
  /** Absolute time after which no attempt may start. */
  deadlineAt: number;
  /** Upper bound on a vendor-requested wait. */
  maxVendorWaitMs: number;
}

export type RetryVerdict =
  { action: 'retry'; waitMs: number } | { action: 'fail'; error: DlxError; reason: FailReason };

export type FailReason =
  | 'not_retryable'
  | 'retries_exhausted'
  | 'outcome_unknown'
  | 'wait_exceeds_deadline'
  | 'wait_exceeds_cap';

/**
 * The one place that decides whether a failed attempt is tried again (DESIGN.md, pipeline
 * step 4). Never auth; never an error the registry keeps to its caller (`retriedLocally:
 * false`); never a non-idempotent write that may have reached the vendor; the strictest of our
 * backoff and the vendor's requested wait; never past the deadline.
 */
export function decideRetry(error: DlxError, ctx: RetryContext): RetryVerdict {
  if (!error.retryable || error.kind === 'auth' || keptToCaller(error)) {
    return { action: 'fail', error, reason: 'not_retryable' };
  }
  if (!ctx.idempotent && error.mayHaveReachedVendor) {
    return { action: 'fail', error, reason: 'outcome_unknown' };
  }
  if (ctx.attempt > ctx.retryMax) {
    return { action: 'fail', error, reason: 'retries_exhausted' };
  }
  const backoff = ctx.backoffMs[ctx.attempt - 1] ?? ctx.backoffMs[ctx.backoffMs.length - 1] ?? 0;
  const vendorWait = error.retryAfterMs ?? 0;
  if (vendorWait > ctx.maxVendorWaitMs) {
    return { action: 'fail', error, reason: 'wait_exceeds_cap' };
  }
  const waitMs = Math.max(backoff, vendorWait);
  if (ctx.now + waitMs >= ctx.deadlineAt) {
    return { action: 'fail', error, reason: 'wait_exceeds_deadline' };
  }
  return { action: 'retry', waitMs };
}

/** An error whose registry entry says the runtime does not try it again (its caller may). */
function keptToCaller(error: DlxError): boolean {
  return (ERROR_REGISTRY as Record<string, ErrorDefinition>)[error.code]?.retriedLocally === false;
}
