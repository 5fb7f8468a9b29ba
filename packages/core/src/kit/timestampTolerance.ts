/** Whether a signed timestamp is recent enough to accept. */
export type TimestampVerdict = { ok: true; ageSeconds: number } | { ok: false; ageSeconds: number };

/**
 * The replay window of vendors that sign a timestamp: a delivery signed more than
 * `toleranceSeconds` before `nowMs` (the runtime's clock) is a replay. Like stripe-node, a
 * timestamp ahead of the clock is not refused (clock skew).
 */
export function checkTimestampTolerance(
  timestampSeconds: number,
  nowMs: number,
  toleranceSeconds: number,
): TimestampVerdict {
  const ageSeconds = Math.floor(nowMs / 1000) - timestampSeconds;
  return { ok: ageSeconds <= toleranceSeconds, ageSeconds };
}
