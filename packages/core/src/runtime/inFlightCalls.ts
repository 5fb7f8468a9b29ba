import { DlxError } from '../errors/dlxError';

/**
 * The calls under way in a runtime, so that shutdown can stop taking new ones and wait for
 * those in flight. A count and a list of waiters: no per-call Set churn on the hot path.
 */
export class InFlightCalls {
  private count = 0;
  private idleWaiters: (() => void)[] = [];
  private accepting = true;

  /**
   * Runs `fn` as an in-flight call. Not an async function: the promise handed back settles in
   * the same tick as fn's own, and a synchronous throw (an unknown connector) still arrives as a
   * rejection. Once stopAccepting() ran, refuses with DLX_E_RUNTIME_SHUTTING_DOWN.
   */
  track<T>(fn: () => Promise<T>): Promise<T> {
    const refusal = this.refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    let p: Promise<T>;
    try {
      p = fn();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.counted(p);
  }

  /** Once stopAccepting() ran, the error a new call is refused with; else undefined. */
  refusal(): DlxError | undefined {
    return this.accepting
      ? undefined
      : new DlxError('DLX_E_RUNTIME_SHUTTING_DOWN', 'the runtime is shutting down');
  }

  /**
   * A call started (after refusal() said none): in flight until `running` settles. track()
   * is refusal() + start + counted(); a hot caller writes them out to spare a closure.
   */
  counted<T>(running: Promise<T>): Promise<T> {
    this.count++;
    return running.then(this.endedWith, this.endedThrowing) as Promise<T>;
  }

  // Made once per runtime rather than per call.
  private readonly endedWith = (value: unknown): unknown => {
    this.ended();
    return value;
  };

  private readonly endedThrowing = (error: unknown): never => {
    this.ended();
    throw error;
  };

  stopAccepting(): void {
    this.accepting = false;
  }

  /**
   * Settles once no call is under way. After stopAccepting() no call starts (track refuses
   * it), so this is the moment every call in flight at shutdown has ended.
   */
  whenIdle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private ended(): void {
    this.count--;
    if (this.count > 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
