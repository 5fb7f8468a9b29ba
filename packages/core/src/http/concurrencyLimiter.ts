interface Waiter {
  resolve(acquired: boolean): void;
  /** When the wait gives up, on the limiter's `now` (Infinity: never). */
  deadlineAt: number;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * Caps in-flight requests for one (tenant, connector). A request over the cap waits in FIFO
 * order; one whose AbortSignal fires, or whose deadline passes, leaves the queue without ever
 * having been sent.
 *
 * Waiting is cheap: a waiter is one small object in the queue. Deadlines share one timer, armed
 * for the earliest deadline (re-armed only when an earlier one arrives), that sweeps out every
 * waiter past its deadline when it fires; a listener is added only for a caller's own signal.
 * (A timer and an AbortSignal.any per waiting call made a queue of hundreds cost CPU per call.)
 */
export class ConcurrencyLimiter {
  private active = 0;
  // A Set keeps insertion order and removes an aborted waiter in O(1).
  private readonly waiters = new Set<Waiter>();
  private sweepTimer: NodeJS.Timeout | undefined;
  /** The deadline the sweep timer is armed for (Infinity: not armed). */
  private sweepAt = Number.POSITIVE_INFINITY;

  /**
   * `max`: `Infinity` for no cap (the runtime limits attempts itself, not each request).
   * `now`: the clock deadlines are judged by (the runtime's injected clock, in ms); the sweep
   * timer waits in real time for the difference, as a slot frees in real time.
   */
  constructor(
    private readonly max: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (max !== Number.POSITIVE_INFINITY && (!Number.isInteger(max) || max < 1)) {
      throw new RangeError(`maxConcurrency must be a positive integer, got ${max}`);
    }
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.size;
  }

  /** Takes a slot when one is free, without waiting (the common path costs no promise). */
  tryAcquire(): boolean {
    if (this.active >= this.max) return false;
    this.active++;
    return true;
  }

  /**
   * Waits for a slot: true once held, false when `signal` aborted or `deadlineAt` (on `now`)
   * passed first (no slot held).
   */
  wait(
    signal: AbortSignal | undefined,
    deadlineAt: number = Number.POSITIVE_INFINITY,
  ): Promise<boolean> {
    if (signal?.aborted === true || deadlineAt <= this.now()) return Promise.resolve(false);
    if (this.tryAcquire()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { resolve, deadlineAt, signal, onAbort: undefined };
      this.waiters.add(waiter);
      if (signal !== undefined) {
        waiter.onAbort = () => this.leave(waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      if (deadlineAt < this.sweepAt) this.armSweep(deadlineAt);
    });
  }

  /** Frees a slot, handing it straight to the longest waiter if there is one. */
  release(): void {
    const next = this.waiters.values().next();
    if (next.done) {
      this.active--;
      return;
    }
    const waiter = next.value;
    this.waiters.delete(waiter);
    if (waiter.onAbort !== undefined) waiter.signal!.removeEventListener('abort', waiter.onAbort);
    if (this.waiters.size === 0) this.disarmSweep();
    waiter.resolve(true);
  }

  /** A waiter gives up (its signal aborted or its deadline passed): out of the queue, no slot. */
  private leave(waiter: Waiter): void {
    if (!this.waiters.delete(waiter)) return;
    if (waiter.onAbort !== undefined) waiter.signal!.removeEventListener('abort', waiter.onAbort);
    if (this.waiters.size === 0) this.disarmSweep();
    waiter.resolve(false);
  }

  private armSweep(at: number): void {
    clearTimeout(this.sweepTimer);
    this.sweepAt = at;
    this.sweepTimer = setTimeout(() => this.sweep(), Math.max(1, Math.ceil(at - this.now())));
    // Like AbortSignal.timeout: a waiting call alone does not keep the process alive.
    this.sweepTimer.unref();
  }

  private disarmSweep(): void {
    clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
    this.sweepAt = Number.POSITIVE_INFINITY;
  }

  /** Every waiter past its deadline leaves; the timer is re-armed for the earliest left. */
  private sweep(): void {
    this.sweepTimer = undefined;
    this.sweepAt = Number.POSITIVE_INFINITY;
    const now = this.now();
    let earliest = Number.POSITIVE_INFINITY;
    for (const waiter of this.waiters) {
      if (waiter.deadlineAt <= now) this.leave(waiter);
      else if (waiter.deadlineAt < earliest) earliest = waiter.deadlineAt;
    }
    if (earliest !== Number.POSITIVE_INFINITY && this.waiters.size > 0) this.armSweep(earliest);
  }
}
