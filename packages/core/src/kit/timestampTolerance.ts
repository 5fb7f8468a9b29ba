/** Whether a signed timestamp is recent enough to accept. */
export type TimestampVerdict = { ok: true; ageSeconds: number } | { ok: false; ageSeconds: number };

/**
 * The replay window of vendors that sign a timestamp: a delivery signed more than
 * `toleranceSeconds` away from `nowMs` (the runtime's clock) is refused. Before it, it is a
 * replay. After it, too: stripe-node accepts any timestamp ahead of the clock, but a signed
 * delivery dated years ahead would stay replayable for as long as the outbox forgets its id;
 * clock skew fits in the same tolerance.
 */
export function checkTimestampTolerance(
  timestampSeconds: number,
  nowMs: number,
  toleranceSeconds: number,
): TimestampVerdict {
  const ageSeconds = Math.floor(nowMs / 1000) - timestampSeconds;
  return { ok: Math.abs(ageSeconds) <= toleranceSeconds, ageSeconds };
}
