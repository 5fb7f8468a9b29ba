import CircuitBreaker from 'opossum';
import { DlxError, isDlxError } from '../errors/dlxError';

/** Breaker settings (DESIGN.md, resilience notes): opossum is only the breaker. */
export interface BreakerSettings {
  /** Calls in the rolling window before the error rate is judged. */
  volumeThreshold: number;
  /** Opens when more than this percentage of calls in the window failed. */
  errorThresholdPercentage: number;
  /** Time open before one half-open probe is let through. */
  resetTimeoutMs: number;
  /** Length of the rolling window of counts. */
  rollingWindowMs: number;
}

export const DEFAULT_BREAKER_SETTINGS: BreakerSettings = {
  volumeThreshold: 5,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 30_000,
  rollingWindowMs: 10_000,
};

export type BreakerState = 'closed' | 'half_open' | 'open';

/** Numeric encoding for the breaker-state gauge. */
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = {
  closed: 0,
  half_open: 1,
  open: 2,
};

/** Only failures that say the vendor is unwell count; a bad request or bad credentials do not. */
function countsAsFailure(error: unknown): boolean {
  if (!isDlxError(error)) return true;
  return (
    error.kind === 'transient' ||
    error.kind === 'timeout' ||
    error.kind === 'rate_limited' ||
    error.kind === 'outcome_unknown'
  );
}

type Action = (fn: () => Promise<unknown>) => Promise<unknown>;

/** The arguments an attempt admitted directly reports to opossum's `failure` event (none). */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * opossum's rolling window (its Status), as far as the direct path counts into it: the method
 * opossum's own `fire` and `success` listeners call, which its type declarations leave out
 * (opossum is pinned at 9.0.0; the direct-vs-layered tests compare the breaker both ways).
 */
interface RollingCounts {
  increment(property: 'fires' | 'successes', latencyMs?: number): void;
}

function rollingCounts(breaker: CircuitBreaker<Parameters<Action>, unknown>): RollingCounts {
  return breaker.status as unknown as RollingCounts;
}

/**
 * One breaker per tenant + connector + operation, behind a small adapter. The opossum breaker
 * (its rolling-window timer and buckets) is made on the first call: a host with many connectors
 * starts without one per operation, and a breaker never fired is closed.
 */
export class OperationBreaker {
  private made: CircuitBreaker<Parameters<Action>, unknown> | undefined;
  private shut = false;

  constructor(
    readonly name: string,
    private readonly settings: BreakerSettings,
    private readonly onStateChange: (state: BreakerState) => void,
  ) {}

  private get breaker(): CircuitBreaker<Parameters<Action>, unknown> {
    if (this.made) return this.made;
    const { settings, onStateChange } = this;
    const breaker = new CircuitBreaker<Parameters<Action>, unknown>((fn) => fn(), {
      name: this.name,
      timeout: false,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      volumeThreshold: settings.volumeThreshold,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      resetTimeout: settings.resetTimeoutMs,
      rollingCountTimeout: settings.rollingWindowMs,
      rollingCountBuckets: 10,
      errorFilter: (error: unknown) => !countsAsFailure(error),
    });
    breaker.on('open', () => onStateChange('open'));
    breaker.on('halfOpen', () => onStateChange('half_open'));
    breaker.on('close', () => onStateChange('closed'));
    // Shut down before its first call: made as opossum leaves a shut breaker (it refuses calls).
    if (this.shut) breaker.shutdown();
    this.made = breaker;
    return breaker;
  }

  get state(): BreakerState {
    if (!this.made) return 'closed';
    if (this.made.opened) return 'open';
    if (this.made.halfOpen) return 'half_open';
    return 'closed';
  }

  /** Runs `fn` through the breaker; an open breaker fails fast with DLX_E_RUNTIME_CIRCUIT_OPEN. */
  fire<T>(fn: () => Promise<T>): Promise<T> {
    const breaker = this.breaker;
    // Closed (the common case): opossum refuses nothing itself (no capacity is set, so its
    // semaphore never locks), so only the operation's own errors can come back, and they pass
    // unchanged (a shut breaker refuses with its own ESHUTDOWN either way): no reaction is
    // added to translate them.
    if (breaker.closed) return breaker.fire(fn) as Promise<T>;
    let fired: Promise<unknown>;
    try {
      fired = breaker.fire(fn);
    } catch (error) {
      return Promise.reject(this.translate(error));
    }
    // Only a rejection needs translating; the handler is made once per breaker, not per call.
    return fired.catch(this.rethrowTranslated) as Promise<T>;
  }

  /**
   * Whether an attempt may run without opossum's fire (see directAttempt.ts): only while the
   * breaker is closed (not open, half-open or shut down), where fire refuses nothing.
   */
  get admitsDirectly(): boolean {
    return this.breaker.closed;
  }

  /**
   * An attempt admitted directly starts: what fire does first for a closed breaker (its `fire`
   * event, whose only listener counts the fire in the rolling window), without its promises.
   */
  firedDirectly(): void {
    rollingCounts(this.breaker).increment('fires');
  }

  /**
   * An attempt admitted directly ended: opossum's own bookkeeping of a settled fire. A success
   * (or a failure that does not count) is what opossum's `success` listeners do: counted in
   * the rolling window, and a breaker half-open by now closes. A counted failure goes through
   * opossum's own `failure` event, then its rule for opening (opossum's internal `fail`, kept
   * here word for word: past volumeThreshold, more than errorThresholdPercentage failed, or
   * any failure while half-open). Not kept: the latency sample (always 0 here; nothing reads
   * it, and rolling percentiles are off); opossum's fallback, cache and coalescing are never
   * configured.
   */
  settledDirectly(failed: boolean, outcome: unknown): void {
    const breaker = this.breaker;
    if (!failed || !countsAsFailure(outcome)) {
      rollingCounts(breaker).increment('successes', 0);
      if (breaker.halfOpen) breaker.close();
      return;
    }
    breaker.emit('failure', outcome, 0, NO_ARGS);
    if (breaker.warmUp) return;
    const stats = breaker.stats;
    if (stats.fires < breaker.volumeThreshold && !breaker.halfOpen) return;
    const errorRate = (stats.failures / stats.fires) * 100;
    if (errorRate > this.settings.errorThresholdPercentage || breaker.halfOpen) breaker.open();
  }

  private readonly rethrowTranslated = (error: unknown): never => {
    throw this.translate(error);
  };

  private translate(error: unknown): unknown {
    const code = (error as { code?: unknown }).code;
    if (!isDlxError(error) && (code === 'EOPENBREAKER' || code === 'ESEMLOCKED')) {
      return new DlxError(
        'DLX_E_RUNTIME_CIRCUIT_OPEN',
        `${this.name}: circuit ${this.state === 'half_open' ? 'half-open (probe in flight)' : 'open'}, failing fast`,
        { mayHaveReachedVendor: false },
      );
    }
    return error;
  }

  shutdown(): void {
    this.shut = true;
    this.made?.shutdown();
  }
}
