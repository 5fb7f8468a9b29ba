/** Something that gives up at `at` (on the sweep's clock): a waiting call, a running attempt. */
export interface Deadline {
  readonly at: number;
  /** Called once when `at` has passed, after the deadline has left the sweep. */
  expire(): void;
  /**
   * Where the sweep keeps it (-1 or absent: not in a sweep). Owned by the sweep; hot callers
   * write -1 in the deadline's literal, so that every deadline they make has one shape.
   */
  sweepSlot?: number;
}

/**
 * Many deadlines on one timer. The timer is armed for the earliest deadline and re-armed only
 * when an earlier one arrives or when it fires; a deadline that is removed before its time
 * costs an array push and a swap with the last one (each deadline knows its slot: a Set paid
 * for hashing every new deadline object, a fifth of an attempt's timeout cost). A timer per
 * deadline cost a Timeout and two timer-list operations each (about 0.7 µs per call on this
 * machine), and with AbortSignal.timeout an AbortSignal too. The timer waits in real time for
 * the distance on `now` (the runtime's injected clock, or performance.now()) and, when it
 * fires, judges every deadline by `now`.
 */
export class DeadlineSweep {
  private readonly pending: Deadline[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The deadline the timer is armed for (Infinity: no timer). */
  private armedAt = Number.POSITIVE_INFINITY;
  private unrefScheduled = false;

  /**
   * `keepsAlive`: while deadlines are pending, the timer keeps the process alive (as an
   * attempt's own setTimeout did); otherwise it never does (as AbortSignal.timeout).
   */
  constructor(
    private readonly now: () => number,
    private readonly keepsAlive: boolean,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  add(deadline: Deadline): void {
    if (this.holds(deadline)) return;
    deadline.sweepSlot = this.pending.length;
    this.pending.push(deadline);
    if (deadline.at < this.armedAt) this.arm(deadline.at);
    else if (this.keepsAlive && this.pending.length === 1) this.timer?.ref();
  }

  /** A deadline that ended another way; the timer stays armed (a later sweep is cheap). */
  remove(deadline: Deadline): void {
    if (!this.take(deadline) || this.pending.length > 0 || this.timer === undefined) return;
    if (!this.keepsAlive) return;
    // Let go of the process once idle for a turn of the event loop, not after every call: calls
    // one after another would otherwise toggle the timer's ref (a native call each way) twice
    // per call.
    if (!this.unrefScheduled) {
      this.unrefScheduled = true;
      setImmediate(this.unrefIfIdle);
    }
  }

  private holds(deadline: Deadline): boolean {
    const slot = deadline.sweepSlot;
    return slot !== undefined && slot >= 0 && this.pending[slot] === deadline;
  }

  /** Takes the deadline out (the last one moves into its slot); false if it was not here. */
  private take(deadline: Deadline): boolean {
    if (!this.holds(deadline)) return false;
    const last = this.pending.pop()!;
    if (last !== deadline) {
      const slot = deadline.sweepSlot!;
      this.pending[slot] = last;
      last.sweepSlot = slot;
    }
    deadline.sweepSlot = -1;
    return true;
  }

  private readonly unrefIfIdle = (): void => {
    this.unrefScheduled = false;
    if (this.pending.length === 0) this.timer?.unref();
  };

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedAt = at;
    this.timer = setTimeout(() => this.sweep(), Math.max(1, Math.ceil(at - this.now())));
    if (!this.keepsAlive || this.pending.length === 0) this.timer.unref();
  }

  /** Expires every deadline that has passed and re-arms for the earliest one left. */
  private sweep(): void {
    this.timer = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
    const now = this.now();
    // A copy: an expiry may add or remove deadlines. One removed by an earlier expiry is skipped.
    for (const deadline of [...this.pending]) {
      if (deadline.at > now || !this.take(deadline)) continue;
      deadline.expire();
    }
    let earliest = Number.POSITIVE_INFINITY;
    for (const deadline of this.pending) if (deadline.at < earliest) earliest = deadline.at;
    if (earliest < this.armedAt) this.arm(earliest);
  }
}
