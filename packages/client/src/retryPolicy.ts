import type { DlxError } from '@dealix/connector-core/api';

export interface RetryOptions {
  /** Attempts in all, the first included (default 3; 1 turns retries off). */
  attempts?: number;
  /** The first wait between attempts, doubled each time (default 250 ms). */
  backoffMs?: number;
  /**
   * The longest wait the client accepts before a repeat (default 30 000 ms). When the host asks
   * for more (Retry-After), the error is thrown at once: never a repeat sooner than asked.
   */
  maxWaitMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  attempts: 3,
  backoffMs: 250,
  maxWaitMs: 30_000,
};

/**
 * Answers the host gives before it runs the call (it is stopping; the request arrived too
 * slowly): repeating them cannot act twice, with or without an Idempotency-Key.
 */
export const REFUSED_BEFORE_RUNNING: ReadonlySet<string> = new Set([
  'DLX_E_RUNTIME_SHUTTING_DOWN',
  'DLX_E_HOST_REQUEST_TIMEOUT',
]);

/**
 * How far a request may be repeated: `any` for reads of the host's own data and for calls under
 * an Idempotency-Key (a repeat replays or runs again under the same vendor key); `refused_only`
 * for a call without a key (a repeat would get a new key and could act twice at the vendor).
 */
export type Repeatable = 'any' | 'refused_only';

export type RetryVerdict = { action: 'retry'; waitMs: number } | { action: 'fail' };

/**
 * Whether a failed attempt is repeated, and after how long: only what the host marks
 * `retryable`, never sooner than its Retry-After (the header, else the body's retry_after_ms),
 * never longer than `maxWaitMs`.
 */
export function decideClientRetry(
  error: DlxError,
  ctx: {
    attempt: number;
    repeatable: Repeatable;
    retryAfterMs: number | undefined;
    retry: Required<RetryOptions>;
  },
): RetryVerdict {
  if (!error.retryable || ctx.attempt >= ctx.retry.attempts) return { action: 'fail' };
  if (ctx.repeatable === 'refused_only' && !REFUSED_BEFORE_RUNNING.has(error.code)) {
    return { action: 'fail' };
  }
  const asked = ctx.retryAfterMs ?? error.retryAfterMs ?? 0;
  const waitMs = Math.max(asked, ctx.retry.backoffMs * 2 ** (ctx.attempt - 1));
  if (waitMs > ctx.retry.maxWaitMs) return { action: 'fail' };
  return { action: 'retry', waitMs };
}

/**
 * `Retry-After` (RFC 9110): whole seconds, or an HTTP date; in ms from `now`. Anything else
 * (absent, negative, fractional, unparseable) is undefined: the body's retry_after_ms applies.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
  }
  // An HTTP date names its weekday, day, month and year; Date.parse alone takes too much.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
