import { DeadlineSweep, type Deadline } from './deadlineSweep';

interface Waiter extends Deadline {
  resolve(acquired: boolean): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * Caps in-flight requests for one (tenant, connector). A request over the cap waits in FIFO
 * order; one whose AbortSignal fires, or whose deadline passes, leaves the queue without ever
 * having been sent.
 *
 * Waiting is cheap: a waiter is one small object in the queue, its deadline on the limiter's
 * one DeadlineSweep (one timer for the whole queue), a listener only for a caller's own signal.
 * (A timer and an AbortSignal.any per waiting call made a queue of hundreds cost CPU per call.)
 */
export class ConcurrencyLimiter {
  private active = 0;
  // A Set keeps insertion order and removes an aborted waiter in O(1).
  private readonly waiters = new Set<Waiter>();
  // Like AbortSignal.timeout: a waiting call alone does not keep the process alive. Made for the
  // first waiter with a deadline: most limiters never queue (a host makes one per connector
  // instance, and one with no cap never waits), and a sweep is a few objects and a closure.
  private sweep: DeadlineSweep | undefined;

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
      const waiter: Waiter = {
        resolve,
        at: deadlineAt,
        expire: () => this.leave(waiter),
        sweepSlot: -1,
        signal,
        onAbort: undefined,
      };
      this.waiters.add(waiter);
      if (signal !== undefined) {
        waiter.onAbort = waiter.expire;
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      if (deadlineAt !== Number.POSITIVE_INFINITY) {
        (this.sweep ??= new DeadlineSweep(this.now, false)).add(waiter);
      }
    });
  }

  /** Frees a slot, handing it straight to the longest waiter if there is one. */
  release(): void {
    const next = this.waiters.values().next();
    if (next.done) {
      this.active--;
      return;
    }
    this.settle(next.value, true);
  }

  /** Every waiter leaves the queue without a slot (a stop); how many there were. */
  shed(): number {
    const count = this.waiters.size;
    for (const waiter of [...this.waiters]) this.settle(waiter, false);
    return count;
  }

  /** A waiter gives up (its signal aborted or its deadline passed): out of the queue, no slot. */
  private leave(waiter: Waiter): void {
    if (this.waiters.has(waiter)) this.settle(waiter, false);
  }

  private settle(waiter: Waiter, acquired: boolean): void {
    this.waiters.delete(waiter);
    this.sweep?.remove(waiter);
    if (waiter.onAbort !== undefined) waiter.signal!.removeEventListener('abort', waiter.onAbort);
    waiter.resolve(acquired);
  }
}
