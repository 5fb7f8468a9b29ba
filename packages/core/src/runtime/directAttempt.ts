import type { OperationContext } from '../contract/types';
import type { DlxError } from '../errors/dlxError';
import type { Deadline } from '../http/deadlineSweep';
import {
  afterTimeout,
  ATTEMPT_DEADLINES,
  AttemptAbort,
  attemptTimeoutError,
} from './attemptTimeout';
import type { CallAttempts } from './callAttempts';
import { checkedOutput } from './operationSchemas';
import { droppedRefusedToken } from './tokenRefresh';

/**
 * One attempt run directly, when nothing is going on (see CallAttempts): the limiter slot is
 * already held and the breaker is closed. It does what the layered path's four wrappers do,
 * in one object settled by one reaction on the operation's promise:
 * - the slot is freed when it settles (CallLimiter.inSlot);
 * - the breaker counts it in opossum's rolling window as opossum's own listeners do and
 *   opens by opossum's rule (OperationBreaker.settledDirectly): what `fire` does for a closed
 *   breaker;
 * - its timeout is a deadline on the thread's attempt sweep, its abort made on demand, the
 *   caller's signal aborts it, and a timed-out attempt has the same grace to give its own
 *   answer before it is abandoned with the timeout error (withAttemptTimeout);
 * - a refused token is dropped and the operation runs once more (runCheckedWithTokenRefresh);
 * - the answer is checked by the output schema inside the attempt (checkedOutput).
 * It is also the attempt's Deadline (one object less per attempt).
 */
export class DirectAttempt implements Deadline {
  readonly at: number;
  sweepSlot = -1;
  private readonly abort = new AttemptAbort();
  private ctx: OperationContext<unknown, unknown> | undefined;
  private timeoutError: DlxError | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private onParentAbort: (() => void) | undefined;
  private resolve!: (output: unknown) => void;
  private reject!: (error: unknown) => void;
  private done = false;
  private refreshed = false;

  constructor(
    private readonly call: CallAttempts,
    private readonly n: number,
    private readonly timeoutMs: number,
  ) {
    this.at = performance.now() + timeoutMs;
  }

  /** Runs the attempt; settles with its checked output or its error. */
  settled(): Promise<unknown> {
    // One executor for every attempt rather than a closure each: it runs at once, inside the
    // Promise constructor, for the attempt named just before.
    MAKING.attempt = this;
    const settled = new Promise<unknown>(takeSettlers);
    MAKING.attempt = undefined;
    this.start();
    return settled;
  }

  /** For takeSettlers only. */
  settleWith(resolve: (output: unknown) => void, reject: (error: unknown) => void): void {
    this.resolve = resolve;
    this.reject = reject;
  }

  private start(): void {
    const { call, abort } = this;
    call.op.breaker.firedDirectly();
    const parent = call.signal;
    if (parent !== undefined) {
      if (parent.aborted) abort.abort(parent.reason);
      else {
        this.onParentAbort = () => abort.abort(parent.reason);
        parent.addEventListener('abort', this.onParentAbort, { once: true });
      }
    }
    let running: Promise<unknown>;
    try {
      this.ctx = call.contextFor(this.n, abort);
      running = this.runOperation();
    } catch (error) {
      this.end(true, error);
      return;
    }
    ATTEMPT_DEADLINES.add(this);
    running.then(this.answered, this.failed);
  }

  private runOperation(): Promise<unknown> {
    return Promise.resolve(this.call.op.def.run(this.call.input, this.ctx!));
  }

  // Made per attempt (its two reactions); the layered path made some ten closures.
  private readonly answered = (raw: unknown): void => {
    if (this.done) return;
    let output: unknown;
    try {
      output = checkedOutput(this.call.rc, this.call.op, raw);
    } catch (error) {
      this.end(true, afterTimeout(error, this.timeoutError, this.abort));
      return;
    }
    this.end(false, output);
  };

  private readonly failed = (error: unknown): void => {
    if (this.done) return;
    if (!this.refreshed && droppedRefusedToken(this.call.rc.kit, this.ctx!, error)) {
      // Once, in the same attempt: a second refusal ends it (auth errors are never retried).
      this.refreshed = true;
      let again: Promise<unknown>;
      try {
        again = this.runOperation();
      } catch (thrown) {
        this.end(true, afterTimeout(thrown, this.timeoutError, this.abort));
        return;
      }
      again.then(this.answered, this.failed);
      return;
    }
    this.end(true, afterTimeout(error, this.timeoutError, this.abort));
  };

  /** Called by the sweep when the timeout passes: abort, then a grace to answer. */
  expire(): void {
    const timeoutError = attemptTimeoutError(
      `${this.call.op.where} attempt ${this.n}`,
      this.timeoutMs,
    );
    this.timeoutError = timeoutError;
    this.abort.abort(timeoutError);
    // Prefer the attempt's own timeout error: ctx.http knows whether bytes left the machine.
    this.graceTimer = setTimeout(() => this.end(true, timeoutError), this.call.op.timing.graceMs);
  }

  /** The attempt's end, once: frees what it held, tells the breaker, settles. */
  private end(failed: boolean, outcome: unknown): void {
    if (this.done) return;
    this.done = true;
    ATTEMPT_DEADLINES.remove(this);
    clearTimeout(this.graceTimer);
    if (this.onParentAbort !== undefined) {
      this.call.signal!.removeEventListener('abort', this.onParentAbort);
    }
    try {
      this.call.rc.kit.limiter.leave();
      this.call.op.breaker.settledDirectly(failed, outcome);
    } finally {
      // The caller hears of the attempt whatever the bookkeeping did.
      if (failed) this.reject(outcome);
      else this.resolve(outcome);
    }
  }
}

/** The attempt whose promise is being made (see DirectAttempt.settled). */
const MAKING: { attempt: DirectAttempt | undefined } = { attempt: undefined };

function takeSettlers(resolve: (output: unknown) => void, reject: (error: unknown) => void): void {
  MAKING.attempt!.settleWith(resolve, reject);
}
