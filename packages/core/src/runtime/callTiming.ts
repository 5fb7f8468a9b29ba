import type { OperationPolicy } from '../manifest';

/** The time bounds one call runs under: the manifest's, scaled for tests. */
export interface CallTiming {
  /** Per attempt. */
  timeoutMs: number;
  /** For all attempts, waits included. */
  deadlineMs: number;
  /** Before each retry. */
  backoffMs: readonly number[];
  /** How long a timed-out attempt may take to unwind and report its own error. */
  graceMs: number;
}

/** The runtime's scales of manifest times (tests shrink them; 1 in production). */
export interface TimeScales {
  /** Multiplies manifest timeouts and deadlines and the unwind grace. */
  timeoutScale: number;
  /** Multiplies manifest backoffs. */
  backoffScale: number;
}

/** How long a timed-out attempt may unwind at scale 1. */
const UNWIND_GRACE_MS = 100;

/**
 * The manifest's timing with the runtime's scales applied: `timeoutScale` shrinks timeouts,
 * deadlines and the unwind grace (so timeout and deadline paths run in milliseconds in tests),
 * `backoffScale` the waits between retries. Never below 1 ms for a bound.
 */
export function callTiming(policy: OperationPolicy, scales: TimeScales): CallTiming {
  const scaled = (ms: number) => Math.max(1, Math.round(ms * scales.timeoutScale));
  return {
    timeoutMs: scaled(policy.timeout_ms),
    deadlineMs: scaled(policy.deadline_ms),
    backoffMs: policy.retry_backoff_ms.map((ms) => ms * scales.backoffScale),
    graceMs: scaled(UNWIND_GRACE_MS),
  };
}

/** A scale option checked once: a positive, finite number (default 1). */
export function timeScale(name: string, value: number | undefined): number {
  if (value === undefined) return 1;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
  return value;
}
