import type { Clock, OperationContext } from '../contract/types';
import { DlxError } from '../errors/dlxError';
import { NOOP_CALL_TRACE, type CallTrace } from '../tracing/callTrace';
import { attemptContext, type RequestIdSink } from './attemptContext';
import { withAttemptTimeout, type AttemptAbort } from './attemptTimeout';
import type { SlotBounds } from './callLimiter';
import { DirectAttempt } from './directAttempt';
import type { Settle } from './idempotencyGate';
import { checkedOutput } from './operationSchemas';
import type { OperationRuntime, RegisteredConnector } from './registeredConnector';
import { runCheckedWithTokenRefresh } from './tokenRefresh';

/**
 * The attempts of one call (pipeline step 4): what they share, made once per call, and how
 * each one runs. Also the call's bounds for a limiter slot (its deadline and signal).
 *
 * An attempt runs one of two ways, with the same behaviour:
 * - directly (directAttempt.ts), when nothing is going on: tracing records no span for the
 *   call, the breaker is closed and the limiter has a slot free with no rate limit. One
 *   object and one promise for the limiter slot, the breaker's bookkeeping, the timeout and
 *   the token refresh, settled in one reaction;
 * - layered otherwise: the trace's attempt span, the limiter's `run` (which may queue),
 *   opossum's `fire` (which refuses when open, lets one probe through when half-open) and
 *   withAttemptTimeout around the operation.
 */
export class CallAttempts implements SlotBounds, RequestIdSink {
  /** The vendor's request id, as the last attempt's ctx.http reported it. */
  vendorRequestId: string | null = null;
  /** The abort of the latest attempt (attempts run one after another). */
  private latest: AttemptAbort | undefined;
  /** The attempt being run: only the first is marked queued while it waits (see waiting). */
  private attempt = 0;
  /** Whether the first attempt waited and its key was marked queued (see waiting). */
  private marked = false;

  constructor(
    readonly rc: RegisteredConnector,
    readonly op: OperationRuntime,
    readonly clock: Clock,
    /** The parsed input every attempt sends. */
    readonly input: unknown,
    readonly deadlineAt: number,
    /** The caller's signal: aborts the attempt (and a wait for a slot). */
    readonly signal: AbortSignal | undefined,
    readonly correlationId: string,
    readonly idempotencyKey: string | undefined,
    /** false: every attempt runs layered (the runtime's `directAttempts` option). */
    readonly directAllowed: boolean,
    /** The key's ticket, for a call that de-duplicates under a key. */
    readonly settle: Pick<Settle<unknown>, 'queued'> | undefined,
  ) {}

  describe(): string {
    return this.op.where;
  }

  /**
   * The first attempt waits for a slot or a rate token: its key is marked queued, so a crash
   * before it is sent releases the key instead of leaving an unknown outcome. Not awaited
   * (the call is waiting anyway); should the mark be lost, the key stays "may have been
   * sent", the safe default. A later attempt follows one that may have reached the vendor.
   */
  waiting(): void {
    // Told again when a call that waited for a slot also waits for a rate token: one mark.
    if (this.settle === undefined || this.attempt !== 1 || this.marked) return;
    this.marked = true;
    this.settle.queued(true).catch(() => false);
  }

  /**
   * With the slot held: the queued mark is taken off, durably, before anything is sent (the
   * ticket writes it after the first). A key no longer this call's (its lease lapsed while it
   * waited and another caller took it) is not sent.
   */
  resuming(): Promise<void> | undefined {
    if (!this.marked) return undefined;
    this.marked = false;
    return this.settle!.queued(false).then((applied) => {
      if (!applied) throw leaseLost(this.op.where, this.idempotencyKey);
    });
  }

  /**
   * Runs attempt `n`, which the pipeline started at `startedAt` (runtime clock); resolves to
   * the checked output or rejects with the attempt's error.
   */
  run(n: number, startedAt: number, trace: CallTrace): Promise<unknown> {
    const { op, rc } = this;
    const limiter = rc.kit.limiter;
    this.attempt = n;
    // Tracing that records wants the attempt span around the slot; a breaker not closed must
    // refuse or pick its probe (opossum's); the limiter's own run queues for a slot.
    if (
      trace === NOOP_CALL_TRACE &&
      this.directAllowed &&
      op.breaker.admitsDirectly &&
      limiter.enterNow()
    ) {
      // No wait for a slot: the attempt's timeout is measured from its start.
      return new DirectAttempt(this, n, this.timeoutAt(startedAt)).settled();
    }
    return trace.attempt(n, limiter, this, () =>
      op.breaker.fire(() =>
        withAttemptTimeout(
          // Measured when the attempt starts: waiting for a slot counts against the deadline.
          this.timeoutAt(this.clock.now()),
          this.signal,
          () => `${op.where} attempt ${n}`,
          op.timing.graceMs,
          (abort) => {
            const ctx = this.contextFor(n, abort);
            // A promise chain rather than an async function: one frame and tick less.
            return runCheckedWithTokenRefresh(
              rc.kit,
              ctx,
              () => op.def.run(this.input, ctx),
              (raw) => checkedOutput(rc, op, raw),
            );
          },
        ),
      ),
    );
  }

  /** The ctx of attempt `n`, aborted by `abort` (both paths make it here). */
  contextFor(n: number, abort: AttemptAbort): OperationContext<unknown, unknown> {
    this.latest = abort;
    return attemptContext(
      this.rc,
      this.op,
      this.clock,
      abort,
      n,
      this.correlationId,
      this.idempotencyKey,
      this,
    );
  }

  /**
   * Whether the latest attempt may have contacted the vendor: its ctx.http, token fetch or
   * transport asked for the attempt's signal (see AttemptAbort.asked).
   */
  latestMayHaveContacted(): boolean {
    return this.latest?.asked ?? false;
  }

  /** An attempt's timeout when it starts at `now`: its own, cut short by the call's deadline. */
  private timeoutAt(now: number): number {
    return Math.min(this.op.timing.timeoutMs, Math.max(1, this.deadlineAt - now));
  }
}

function leaseLost(where: string, key: string | undefined): DlxError {
  return new DlxError(
    'DLX_E_IDEMPOTENCY_LEASE_LOST',
    `${where}: the call with idempotency key "${key}" waited for a slot until its lease on the key lapsed, and the key was taken meanwhile; nothing was sent by this call. Repeat it with the same key for the shared answer`,
    { mayHaveReachedVendor: false, details: { idempotency_key: key ?? null } },
  );
}
