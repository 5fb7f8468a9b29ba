import { DlxError, hasErrorCode } from '../errors/dlxError';

/** How long a timed-out attempt may take to unwind, so its own error (which knows whether
 * the request left the machine) can replace the generic one. */
const UNWIND_GRACE_MS = 100;

/**
 * Runs one attempt with its own AbortController: aborted when the attempt's timeout passes or
 * the caller's signal aborts. The controller and timer are disposed in `finally`, so nothing
 * outlives the attempt (cockatiel's TimeoutPolicy shape, not opossum's breaker-wide abort).
 */
export async function withAttemptTimeout<T>(
  timeoutMs: number,
  parent: AbortSignal | undefined,
  describe: () => string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent!.reason);
  if (parent) {
    if (parent.aborted) onParentAbort();
    else parent.addEventListener('abort', onParentAbort, { once: true });
  }
  let timer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  // Built only when the timer fires: an error's stack trace is the costliest part of an attempt.
  let timeoutError: DlxError | undefined;
  const attempt = fn(controller.signal);
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timeoutError = new DlxError(
        'DLX_E_RUNTIME_TIMEOUT',
        `${describe()} timed out after ${timeoutMs} ms`,
        { mayHaveReachedVendor: true, details: { timeout_ms: timeoutMs } },
      );
      controller.abort(timeoutError);
      // Prefer the attempt's own timeout error: ctx.http knows whether bytes left the machine.
      graceTimer = setTimeout(() => reject(timeoutError), UNWIND_GRACE_MS);
      attempt.then(
        () => reject(timeoutError),
        (err: unknown) => reject(hasErrorCode(err, 'DLX_E_RUNTIME_TIMEOUT') ? err : timeoutError),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([attempt, timedOut]);
  } catch (err) {
    const timedOutFirst = timeoutError !== undefined && controller.signal.reason === timeoutError;
    throw timedOutFirst && !hasErrorCode(err, 'DLX_E_RUNTIME_TIMEOUT') ? timeoutError : err;
  } finally {
    clearTimeout(timer);
    clearTimeout(graceTimer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}
