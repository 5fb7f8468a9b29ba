import { BREAKER_STATE_VALUE, type BreakerState } from '../runtime/circuitBreaker';
import type { OperationMetrics } from './connectorMetrics';

type Labels = Record<string, string>;

/** The counters an operation's series counts into, by the ConnectorMetrics field that holds it. */
export type TallyKind =
  'calls' | 'attempts' | 'retries' | 'timeouts' | 'shortCircuits' | 'refusals';

/** A count a scrape publishes (ConnectorMetrics' CounterTally). */
interface Tally {
  count: number;
}

/** How an operation's series makes its tallies and durations (ConnectorMetrics owns them). */
export interface SeriesSource {
  tally(kind: TallyKind, labels: Labels): Tally;
  duration(labels: Labels): Durations;
}

/** The duration histogram series of one outcome (ConnectorMetrics' DurationSeries). */
interface Durations {
  observe(seconds: number): void;
}

/** The breaker-state gauge series of the operation (ConnectorMetrics' BreakerSeries). */
interface BreakerGauge {
  set(value: number): void;
}

/**
 * The metric handles of one (tenant, connector, operation). Each tally is made on its first
 * count: a tally at 0 publishes nothing, and a host with many connectors registers thousands of
 * operations most of which it never calls. A class (one object per operation, its methods on
 * the prototype): the object of six closures it replaces cost a host of 1,000 plugins ~40,000
 * closures at start.
 */
export class OperationSeries implements OperationMetrics {
  private attempts: Tally | undefined;
  private retries: Tally | undefined;
  private timeouts: Tally | undefined;
  private shortCircuits: Tally | undefined;
  private byOutcome: Map<string, { calls: Tally; duration: Durations }> | undefined;
  private byRefusal: Map<string, Tally> | undefined;

  constructor(
    private readonly source: SeriesSource,
    private readonly labels: Labels,
    private readonly breaker: BreakerGauge,
  ) {}

  call(outcome: string, seconds: number): void {
    let bound = (this.byOutcome ??= new Map()).get(outcome);
    if (!bound) {
      const withOutcome = { ...this.labels, outcome };
      bound = {
        calls: this.source.tally('calls', withOutcome),
        duration: this.source.duration(withOutcome),
      };
      this.byOutcome.set(outcome, bound);
    }
    bound.duration.observe(seconds);
    bound.calls.count += 1;
  }

  attempt(isRetry: boolean): void {
    (this.attempts ??= this.source.tally('attempts', this.labels)).count += 1;
    if (isRetry) (this.retries ??= this.source.tally('retries', this.labels)).count += 1;
  }

  timeout(): void {
    (this.timeouts ??= this.source.tally('timeouts', this.labels)).count += 1;
  }

  shortCircuit(): void {
    (this.shortCircuits ??= this.source.tally('shortCircuits', this.labels)).count += 1;
  }

  refusal(code: string): void {
    let tally = (this.byRefusal ??= new Map()).get(code);
    if (!tally) {
      tally = this.source.tally('refusals', { ...this.labels, code });
      this.byRefusal.set(code, tally);
    }
    tally.count += 1;
  }

  breakerState(state: BreakerState): void {
    this.breaker.set(BREAKER_STATE_VALUE[state]);
  }
}
