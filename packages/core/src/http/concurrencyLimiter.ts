interface Waiter {
  grant(acquired: boolean): void;
}

/**
 * Caps in-flight requests for one (tenant, connector). A request over the cap waits in FIFO
 * order; one whose AbortSignal fires leaves the queue without ever having been sent.
 */
export class ConcurrencyLimiter {
  private active = 0;
  // A Set keeps insertion order and removes an aborted waiter in O(1).
  private readonly waiters = new Set<Waiter>();

  /** `Infinity` for no cap (the runtime limits attempts itself, not each request). */
  constructor(private readonly max: number) {
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

  /** Waits for a slot: true once held, false when `signal` aborted first (no slot held). */
  wait(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.tryAcquire()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const onAbort = (): void => {
        this.waiters.delete(waiter);
        resolve(false);
      };
      const waiter: Waiter = {
        grant: (acquired) => {
          signal.removeEventListener('abort', onAbort);
          resolve(acquired);
        },
      };
      this.waiters.add(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Frees a slot, handing it straight to the longest waiter if there is one. */
  release(): void {
    const next = this.waiters.values().next();
    if (next.done) {
      this.active--;
      return;
    }
    this.waiters.delete(next.value);
    next.value.grant(true);
  }
}
