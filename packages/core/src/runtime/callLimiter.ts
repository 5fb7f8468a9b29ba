import type { Clock } from '../contract/types';
import { DlxError, isDlxError } from '../errors/dlxError';
import { ConcurrencyLimiter } from '../http/concurrencyLimiter';
import { RequestRateLimiter } from '../http/requestRateLimiter';
import type { ConnectorLimits } from './connectorLimits';
import { recordSlotWait } from '../tracing/waitEvents';

/** How long one call may wait for a slot: its deadline, on the runtime's clock. */
export interface SlotBounds {
  deadlineAt: number;
  signal: AbortSignal | undefined;
  /** "stripe.create_payment_intent", for messages. */
  describe: () => string;
  /**
   * Told when the attempt must wait for a slot or a rate token (it has passed the checks); once
   * or twice (a slot, then a token), so it must not mind a repeat.
   */
  waiting?(): void;
  /**
   * With the slot and token held, before the attempt starts: a promise to await (after a wait),
   * or undefined. A rejection fails the attempt unsent, and frees its slot.
   */
  resuming?(): Promise<void> | undefined;
}

/**
 * The limiter of one (tenant, connector): every attempt takes a slot (at most maxConcurrency at
 * once, FIFO, at most maxQueue waiting) and a rate token (maxRequestsPerSecond, timed by the
 * runtime's clock) before its timeout starts. Waiting counts against the call's deadline; a
 * full queue fails at once. Other tenants' limiters are separate objects: a burst of one never
 * slows another.
 */
export class CallLimiter {
  private readonly slots: ConcurrencyLimiter;
  private readonly rate: RequestRateLimiter | undefined;
  private stopping = false;

  constructor(
    readonly limits: ConnectorLimits,
    private readonly clock: Clock,
  ) {
    this.slots = new ConcurrencyLimiter(limits.maxConcurrency, () => clock.now());
    this.rate =
      limits.maxRequestsPerSecond === undefined
        ? undefined
        : new RequestRateLimiter(limits.maxRequestsPerSecond, () => clock.now());
  }

  /** Attempts in flight and calls waiting, for tests and the board. */
  get inFlight(): number {
    return this.slots.inFlight;
  }

  get queued(): number {
    return this.slots.queued;
  }

  /** Runs one attempt inside a slot and a rate token; the slot is freed when it settles. */
  run<T>(bounds: SlotBounds, attempt: () => Promise<T>): Promise<T> {
    // The common case costs no await: a free slot and no rate limit.
    if (this.rate === undefined && this.slots.tryAcquire()) return this.inSlot(attempt);
    return this.waitThenRun(bounds, attempt);
  }

  /**
   * Takes a slot at once if one is free and no rate limit applies (what `run` does first,
   * without wrapping the attempt): true when taken, and the caller must `leave` once its
   * attempt settles. False: nothing taken; the attempt goes through `run`, which may wait.
   */
  enterNow(): boolean {
    return this.rate === undefined && this.slots.tryAcquire();
  }

  /** Frees a slot taken by enterNow. */
  leave(): void {
    this.slots.release();
  }

  /**
   * At a stop: every attempt waiting for a slot, and any that would wait from now on, fails with
   * DLX_E_RUNTIME_SHUTTING_DOWN. Nothing was sent for them: a call whose first attempt never
   * left gets its key released and a 503 the caller can retry (on another host), rather than
   * waiting out the drain and becoming an unknown outcome when the process ends. Attempts
   * holding a slot finish. Returns how many waited.
   */
  stop(): number {
    this.stopping = true;
    return this.slots.shed();
  }

  private async waitThenRun<T>(bounds: SlotBounds, attempt: () => Promise<T>): Promise<T> {
    if (!this.slots.tryAcquire()) {
      // Slots free in real time, so the wait is measured in real time too.
      const waitStart = performance.now();
      await this.waitForSlot(bounds);
      recordSlotWait('concurrency', Math.round(performance.now() - waitStart));
    }
    try {
      await this.takeRateToken(bounds);
      const resumed = bounds.resuming?.();
      if (resumed !== undefined) await resumed;
    } catch (error) {
      this.slots.release();
      throw error;
    }
    return this.inSlot(attempt);
  }

  /** Runs the attempt in the slot already held, and frees the slot when it settles. */
  private inSlot<T>(attempt: () => Promise<T>): Promise<T> {
    let running: Promise<T>;
    try {
      running = attempt();
    } catch (error) {
      this.slots.release();
      return Promise.reject(error);
    }
    return running.then(this.releasedWith, this.releasedThrowing) as Promise<T>;
  }

  // Made once per limiter rather than per attempt: a slot is freed however the attempt settles.
  private readonly releasedWith = (value: unknown): unknown => {
    this.slots.release();
    return value;
  };

  private readonly releasedThrowing = (error: unknown): never => {
    this.slots.release();
    throw error;
  };

  private async waitForSlot(bounds: SlotBounds): Promise<void> {
    if (this.stopping) throw stopped(bounds);
    if (this.slots.queued >= this.limits.maxQueue) throw this.queueFull(bounds);
    if (bounds.deadlineAt - this.clock.now() <= 0) throw deadlineReached(bounds, 'for a free slot');
    bounds.waiting?.();
    // The wait ends when another attempt frees its slot (in real time), the call's deadline
    // passes on the runtime's clock (one shared timer sweeps the queue) or its signal aborts.
    if (await this.slots.wait(bounds.signal, bounds.deadlineAt)) return;
    if (this.stopping) throw stopped(bounds);
    throw bounds.signal?.aborted === true
      ? abortedWhileWaiting(bounds.signal.reason)
      : deadlineReached(bounds, 'for a free slot');
  }

  private async takeRateToken(bounds: SlotBounds): Promise<void> {
    if (this.rate === undefined) return;
    const waitMs = this.rate.reserve();
    if (waitMs <= 0) return;
    if (this.clock.now() + waitMs >= bounds.deadlineAt) {
      this.rate.refund();
      throw deadlineReached(bounds, `${Math.ceil(waitMs)} ms for the rate limit`);
    }
    bounds.waiting?.();
    try {
      await this.clock.sleep(waitMs, bounds.signal);
    } catch (error) {
      this.rate.refund();
      throw abortedWhileWaiting(error);
    }
    recordSlotWait('rate', waitMs);
  }

  private queueFull(bounds: SlotBounds): DlxError {
    const { maxConcurrency, maxQueue, maxRequestsPerSecond } = this.limits;
    // A slot frees within an attempt; at a rate limit, the queue drains at its pace.
    const retryAfterMs =
      maxRequestsPerSecond === undefined
        ? 1_000
        : Math.max(1_000, Math.ceil((maxQueue / maxRequestsPerSecond) * 1_000));
    return new DlxError(
      'DLX_E_RUNTIME_QUEUE_FULL',
      `${bounds.describe()}: ${maxConcurrency} call(s) in flight and ${maxQueue} waiting, the most this tenant may queue; nothing was sent`,
      {
        mayHaveReachedVendor: false,
        retryAfterMs,
        details: { max_concurrency: maxConcurrency, max_queue: maxQueue },
      },
    );
  }
}

function stopped(bounds: SlotBounds): DlxError {
  return new DlxError(
    'DLX_E_RUNTIME_SHUTTING_DOWN',
    `${bounds.describe()}: the runtime is stopping; this call was waiting for a slot and nothing was sent`,
    { mayHaveReachedVendor: false, retryAfterMs: 1_000 },
  );
}

function deadlineReached(bounds: SlotBounds, what: string): DlxError {
  return new DlxError(
    'DLX_E_RUNTIME_DEADLINE_EXCEEDED',
    `${bounds.describe()}: the deadline passes while waiting ${what}; nothing was sent`,
    { mayHaveReachedVendor: false, details: { waited_for: what } },
  );
}

function abortedWhileWaiting(reason: unknown): DlxError {
  if (isDlxError(reason)) return reason;
  return new DlxError(
    'DLX_E_RUNTIME_ABORTED',
    'the call was cancelled while it waited for a slot',
    {
      mayHaveReachedVendor: false,
    },
  );
}
