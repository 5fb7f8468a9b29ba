import { context, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { SlotBounds } from '../runtime/callLimiter';
import type { ApprovalRecord } from '../stores/approvalStore';
import { endFailedSpan } from './spanFailure';
import { SPAN_ATTRIBUTES as A, SPAN_EVENTS as E } from './spanNames';

/**
 * What the pipeline tells the trace of one call: its attempts (each a child span, active
 * while it runs, so ctx.http's client span hangs below it), the waits between them and the
 * approval it used. With tracing off the pipeline gets NOOP_CALL_TRACE and pays one call per
 * attempt.
 */
export interface CallTrace {
  /**
   * Runs attempt `n` in a slot of the instance's limiter (`run`: breaker, timeout, the
   * operation) as a child span: a wait for the slot is an event of that span.
   */
  attempt<T>(
    n: number,
    limiter: AttemptLimiter,
    bounds: SlotBounds,
    run: () => Promise<T>,
  ): Promise<T>;
  /** The wait before the next attempt: the manifest's backoff or the vendor's Retry-After. */
  retryWait(error: { retryAfterMs?: number }, waitMs: number, attempt: number): void;
  /** The grant this call used, and how long it waited for it. */
  approvalUsed(record: ApprovalRecord): void;
  /** Attempts started so far. */
  readonly attempts: number;
}

/** The limiter an attempt takes its slot from (CallLimiter). */
export interface AttemptLimiter {
  run<T>(bounds: SlotBounds, attempt: () => Promise<T>): Promise<T>;
}

export const NOOP_CALL_TRACE: CallTrace = Object.freeze({
  attempt: <T>(_n: number, limiter: AttemptLimiter, bounds: SlotBounds, run: () => Promise<T>) =>
    limiter.run(bounds, run),
  retryWait: () => undefined,
  approvalUsed: () => undefined,
  attempts: 0,
});

/** The trace of a call whose span records. */
export class RecordingCallTrace implements CallTrace {
  attempts = 0;

  constructor(
    private readonly tracer: Tracer,
    readonly span: Span,
    /** The context the call runs in: its span active. */
    readonly context: Context,
    private readonly attemptName: string,
  ) {}

  attempt<T>(
    n: number,
    limiter: AttemptLimiter,
    bounds: SlotBounds,
    run: () => Promise<T>,
  ): Promise<T> {
    this.attempts = n;
    const span = this.tracer.startSpan(
      this.attemptName,
      { attributes: { [A.attempt]: n } },
      this.context,
    );
    const failed = (error: unknown) => {
      endFailedSpan(span, error);
      throw error;
    };
    let running: Promise<T>;
    try {
      running = context.with(trace.setSpan(this.context, span), () => limiter.run(bounds, run));
    } catch (error) {
      return failed(error);
    }
    return running.then((value) => {
      span.end();
      return value;
    }, failed);
  }

  retryWait(error: { retryAfterMs?: number }, waitMs: number, attempt: number): void {
    const vendorAsked = error.retryAfterMs !== undefined && error.retryAfterMs > 0;
    this.span.addEvent(vendorAsked && waitMs === error.retryAfterMs ? E.retryAfter : E.backoff, {
      [A.waitMs]: waitMs,
      [A.attempt]: attempt,
      ...(vendorAsked && { [A.retryAfterMs]: error.retryAfterMs }),
    });
  }

  approvalUsed(record: ApprovalRecord): void {
    this.span.setAttribute(A.approvalId, record.id);
    this.span.addEvent(E.approvalGranted, {
      [A.approvalId]: record.id,
      ...(record.decided_at !== undefined && {
        [A.approvalWaitedMs]: Math.max(0, Math.round(record.decided_at - record.requested_at)),
      }),
    });
  }
}
