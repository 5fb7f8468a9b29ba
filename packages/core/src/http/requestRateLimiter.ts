/**
 * Client-side requests-per-second limit as a token bucket (in its GCRA form: one timestamp, no
 * refill timer). The bucket holds `max(1, floor(perSecond))` tokens, so a quiet connector may
 * burst up to one second's worth of requests.
 */
export class RequestRateLimiter {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  /** When the bucket would next be empty if requests kept arriving at the full rate. */
  private theoreticalArrival = Number.NEGATIVE_INFINITY;

  constructor(
    perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
      throw new RangeError(`maxRequestsPerSecond must be a positive number, got ${perSecond}`);
    }
    this.intervalMs = 1000 / perSecond;
    this.toleranceMs = (Math.max(1, Math.floor(perSecond)) - 1) * this.intervalMs;
  }

  /** Takes a token; returns how long to wait (ms) before sending. 0 means send now. */
  reserve(): number {
    const now = this.now();
    const base = Math.max(this.theoreticalArrival, now);
    const sendAt = Math.max(now, base - this.toleranceMs);
    this.theoreticalArrival = base + this.intervalMs;
    return sendAt - now;
  }

  /** Gives back a token a request reserved but never used (it was aborted while waiting). */
  refund(): void {
    this.theoreticalArrival -= this.intervalMs;
  }

  /**
   * Takes a token and waits for it: true when the request may go, false when `signal` aborted
   * first (the token is refunded).
   */
  async acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false;
    const waitMs = this.reserve();
    if (waitMs <= 0) return true;
    const sent = await sleepUnlessAborted(waitMs, signal);
    if (!sent) this.refund();
    return sent;
  }
}

function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.ceil(ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
