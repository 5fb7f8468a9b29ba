import type { Clock } from '../contract/types';
import { DlxError } from '../errors/dlxError';

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DlxError('DLX_E_RUNTIME_ABORTED', 'the call was cancelled');
}

/** Real time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      function onAbort() {
        clearTimeout(timer);
        reject(abortError(signal!));
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Real time plus skipped time: `sleep` returns at once and moves the clock forward, so retry
 * suites that wait seconds of vendor-requested time run in milliseconds, while `now()` still
 * advances with real elapsed time (attempt durations stay true).
 */
export class VirtualClock implements Clock {
  private skippedMs = 0;
  /** Every sleep requested, in order: tests assert the waits the runtime chose. */
  readonly sleeps: number[] = [];

  constructor(private readonly start: number = Date.now()) {}

  now(): number {
    return this.start + (performance.now() - this.origin) + this.skippedMs;
  }

  private readonly origin = performance.now();

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortError(signal);
    this.sleeps.push(ms);
    this.skippedMs += Math.max(0, ms);
    await Promise.resolve();
  }

  /** Moves time forward without a sleep (expiry of approvals, leases). */
  advance(ms: number): void {
    this.skippedMs += ms;
  }
}
