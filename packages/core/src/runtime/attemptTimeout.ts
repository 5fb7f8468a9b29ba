import { DlxError, hasErrorCode } from '../errors/dlxError';
import { DeadlineSweep, type Deadline } from '../http/deadlineSweep';

/**
 * The abort of one attempt. Its AbortController is made when the attempt first asks for its
 * signal, or when the attempt must be aborted: an AbortSignal costs microseconds to create on
 * Node 20, and an operation that never reads ctx.signal or ctx.http has no use for one. A signal
 * asked for after the abort is already aborted, with the same reason.
 */
export class AttemptAbort {
  private controller: AbortController | undefined;
  private signalAsked = false;

  get signal(): AbortSignal {
    this.signalAsked = true;
    return (this.controller ??= new AbortController()).signal;
  }

  /**
   * Whether the attempt asked for its signal. ctx.http (each request), a token fetch and a
   * direct transport ask before they send anything, so an attempt that never asked cannot have
   * reached the vendor. Connector code that reads ctx.signal counts too: the safe side.
   */
  get asked(): boolean {
    return this.signalAsked;
  }

  /** The abort reason; undefined while not aborted. */
  get reason(): unknown {
    return this.controller?.signal.reason;
  }

  /** The first abort wins, as with AbortController. */
  abort(reason: unknown): void {
    (this.controller ??= new AbortController()).abort(reason);
  }
}

/**
 * Runs one attempt with its own abort: aborted when the attempt's timeout passes or the
 * caller's signal aborts. Its deadline (on the thread's one attempt timer) and the caller's
 * listener are disposed when the attempt ends, so nothing outlives it (cockatiel's TimeoutPolicy shape, not opossum's breaker-wide
 * abort). An attempt that settles within the grace after its timeout gives its own answer
 * (its own timeout error, which knows whether bytes left, or its result); any other error
 * after the timeout becomes the timeout error; one that does not settle in time is abandoned
 * with the timeout error.
 */
export function withAttemptTimeout<T>(
  timeoutMs: number,
  parent: AbortSignal | undefined,
  describe: () => string,
  /** How long a timed-out attempt may take to unwind, so its own error (which knows whether
   * the request left the machine) can replace the generic one. */
  graceMs: number,
  fn: (abort: AttemptAbort) => Promise<T>,
): Promise<T> {
  const abort = new AttemptAbort();
  // Made only for a caller that passed a signal (most in-process calls pass none).
  const onParentAbort = parent && (() => abort.abort(parent.reason));
  if (parent && onParentAbort) {
    if (parent.aborted) onParentAbort();
    else parent.addEventListener('abort', onParentAbort, { once: true });
  }
  let graceTimer: NodeJS.Timeout | undefined;
  // Built only when the timer fires: an error's stack trace is the costliest part of an attempt.
  let timeoutError: DlxError | undefined;
  let reject!: (error: unknown) => void;
  const deadline: Deadline = {
    at: performance.now() + timeoutMs,
    expire: () => {
      timeoutError = attemptTimeoutError(describe(), timeoutMs);
      abort.abort(timeoutError);
      // Prefer the attempt's own timeout error: ctx.http knows whether bytes left the machine.
      graceTimer = setTimeout(() => {
        dispose();
        reject(timeoutError);
      }, graceMs);
    },
    sweepSlot: -1,
  };
  const dispose = () => {
    ATTEMPT_DEADLINES.remove(deadline);
    clearTimeout(graceTimer);
    if (parent && onParentAbort) parent.removeEventListener('abort', onParentAbort);
  };
  return new Promise<T>((resolve, rejectWith) => {
    reject = rejectWith;
    let attempt: Promise<T>;
    try {
      attempt = fn(abort);
    } catch (error) {
      dispose();
      reject(error);
      return;
    }
    ATTEMPT_DEADLINES.add(deadline);
    attempt.then(
      (value) => {
        dispose();
        resolve(value);
      },
      (error: unknown) => {
        dispose();
        reject(afterTimeout(error, timeoutError, abort));
      },
    );
  });
}

/** The error of an attempt whose timeout passed (built only then: its stack trace is costly). */
export function attemptTimeoutError(what: string, timeoutMs: number): DlxError {
  return new DlxError('DLX_E_RUNTIME_TIMEOUT', `${what} timed out after ${timeoutMs} ms`, {
    mayHaveReachedVendor: true,
    details: { timeout_ms: timeoutMs },
  });
}

/**
 * What an attempt that failed with `error` reports: once its own timeout aborted it, any
 * error but a timeout error of its own (which knows whether bytes left) is the timeout error.
 */
export function afterTimeout(
  error: unknown,
  timeoutError: DlxError | undefined,
  abort: AttemptAbort,
): unknown {
  const timedOutFirst = timeoutError !== undefined && abort.reason === timeoutError;
  return timedOutFirst && !hasErrorCode(error, 'DLX_E_RUNTIME_TIMEOUT') ? timeoutError : error;
}

/**
 * Every attempt's timeout in this thread, on one timer (see DeadlineSweep), in real time. While
 * an attempt runs, its timeout keeps the process alive, as its own setTimeout did.
 */
export const ATTEMPT_DEADLINES = new DeadlineSweep(() => performance.now(), true);
