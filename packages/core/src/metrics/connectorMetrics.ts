import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState } from '../runtime/circuitBreaker';
import { dictionaryMetricDefinition } from './metricDictionary';
import { registerMetric, type MetricDefinition } from './metricRegistration';
import { OperationSeries, type SeriesSource } from './operationSeries';

const OP_LABELS = ['tenant', 'connector', 'operation'] as const;

/** Every metric the runtime emits; docs/metrics.md is the dictionary (kept equal by a test). */
export const RUNTIME_METRICS = {
  calls: {
    name: 'connector_calls_total',
    help: 'Governed calls by final outcome (success, failure, replayed, approval_required, outcome_unknown).',
    type: 'counter',
    labelNames: [...OP_LABELS, 'outcome'],
  },
  attempts: {
    name: 'connector_attempts_total',
    help: 'Vendor attempts made (first tries and retries).',
    type: 'counter',
    labelNames: [...OP_LABELS],
  },
  retries: {
    name: 'connector_retries_total',
    help: 'Attempts that were retries of an earlier failed attempt.',
    type: 'counter',
    labelNames: [...OP_LABELS],
  },
  timeouts: {
    name: 'connector_timeouts_total',
    help: 'Attempts aborted because they exceeded timeout_ms.',
    type: 'counter',
    labelNames: [...OP_LABELS],
  },
  shortCircuits: {
    name: 'connector_short_circuits_total',
    help: 'Calls failed fast because the circuit breaker was open.',
    type: 'counter',
    labelNames: [...OP_LABELS],
  },
  breakerState: {
    name: 'connector_breaker_state',
    help: 'Circuit breaker state per tenant, connector and operation: 0 closed, 1 half-open, 2 open.',
    type: 'gauge',
    labelNames: [...OP_LABELS],
  },
  duration: {
    name: 'connector_call_duration_seconds',
    help: 'Duration of governed calls from validation to acknowledgement.',
    type: 'histogram',
    labelNames: [...OP_LABELS, 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  },
  /** The dictionary's definitions: set by the host, which computes both (one function each). */
  health: dictionaryMetricDefinition('connector_health'),
  approvalSlaCompliance: dictionaryMetricDefinition('approval_sla_compliance'),
  webhookRejections: {
    name: 'connector_webhook_rejections_total',
    help: 'Inbound webhook deliveries rejected before parsing, by reason.',
    type: 'counter',
    labelNames: ['tenant', 'connector', 'reason'],
  },
  webhookEvents: {
    name: 'connector_webhook_events_total',
    help: 'Verified inbound webhook events accepted into the outbox.',
    type: 'counter',
    labelNames: ['tenant', 'connector', 'type'],
  },
  refusals: {
    name: 'connector_refusals_total',
    help: 'Calls refused before any vendor request, by error code (approval mismatch, reuse, expiry, denial or pending; idempotency conflict, key required or unknown outcome; a replayed failure).',
    type: 'counter',
    labelNames: [...OP_LABELS, 'code'],
  },
  unknownOutcomes: {
    name: 'connector_unknown_outcomes',
    help: 'Unresolved unknown outcomes (calls that may have reached the vendor with no known result) waiting for a person or a re-run.',
    type: 'gauge',
    labelNames: ['tenant', 'connector'],
  },
} as const;

/** The metric handles of one (tenant, connector, operation), bound once. */
export interface OperationMetrics {
  call(outcome: string, seconds: number): void;
  attempt(isRetry: boolean): void;
  timeout(): void;
  shortCircuit(): void;
  /** A call refused before any vendor request, with the refusal's error code. */
  refusal(code: string): void;
  breakerState(state: BreakerState): void;
}

type Labels = Record<string, string>;

/**
 * A plain count for one counter series. prom-client re-hashes the label set on every `inc`,
 * even on a bound child, which cost ~9% of a governed call; the hot path only bumps `count`
 * and a scrape publishes the increase since the previous one (counters never go down, and a
 * registry reset is honoured as it would be by prom-client).
 */
class CounterTally {
  count = 0;
  private published = 0;

  constructor(readonly labels: Labels) {}

  publishTo(counter: Counter<string>): void {
    const delta = this.count - this.published;
    if (delta === 0) return;
    counter.inc(this.labels, delta);
    this.published = this.count;
  }
}

/** prom-client 15's record of one histogram series (lib/histogram.js). */
interface HistogramSeries {
  labels: Labels;
  bucketValues: Record<string, number>;
  sum: number;
  count: number;
}

const DURATION_BOUNDS: readonly number[] = RUNTIME_METRICS.duration.buckets;
const DURATION_BOUND_KEYS = DURATION_BOUNDS.map(String);

/**
 * Observes into prom-client's own record of one histogram series, found once, instead of via
 * `observe` (which re-hashes the labels per call). Writing the record itself keeps buckets,
 * count and sum identical, bit for bit, to what `observe` would store (a test compares the two);
 * the record is found again whenever prom-client replaced or dropped it (reset, remove, zero).
 */
class DurationSeries {
  private key = '';
  private series: HistogramSeries | undefined;

  constructor(
    private readonly histogram: Histogram<string>,
    private readonly labels: Labels,
  ) {}

  observe(seconds: number): void {
    if (!Number.isFinite(seconds)) throw new TypeError(`Value is not a valid number: ${seconds}`);
    const map = seriesMap(this.histogram);
    let series = this.series;
    if (series === undefined || map[this.key] !== series) series = this.bind(map);
    for (let i = 0; i < DURATION_BOUNDS.length; i++) {
      if (seconds <= DURATION_BOUNDS[i]!) {
        series.bucketValues[DURATION_BOUND_KEYS[i]!]! += 1;
        break;
      }
    }
    series.sum += seconds;
    series.count += 1;
  }

  private bind(map: Record<string, HistogramSeries>): HistogramSeries {
    let found = findSeries(map, this.labels);
    if (!found) {
      this.histogram.zero(this.labels);
      found = findSeries(seriesMap(this.histogram), this.labels);
    }
    if (!found)
      throw new Error(`prom-client did not create a series of ${RUNTIME_METRICS.duration.name}`);
    [this.key, this.series] = found;
    return found[1];
  }
}

function seriesMap(histogram: Histogram<string>): Record<string, HistogramSeries> {
  return (histogram as unknown as { hashMap: Record<string, HistogramSeries> }).hashMap;
}

function findSeries(
  map: Record<string, HistogramSeries>,
  labels: Labels,
): [string, HistogramSeries] | undefined {
  const names = Object.keys(labels);
  for (const [key, series] of Object.entries(map)) {
    if (names.every((name) => series.labels[name] === labels[name])) return [key, series];
  }
  return undefined;
}

/** Every ConnectorMetrics sharing a metric (same registry) adds its publisher to one collect. */
const publishers = new WeakMap<Counter<string> | Gauge<string>, Array<() => void>>();

function onCollect(metric: Counter<string> | Gauge<string>, publish: () => void): void {
  let list = publishers.get(metric);
  if (!list) {
    const all: Array<() => void> = (list = []);
    publishers.set(metric, all);
    // registerMetric takes no collect option, so the hook is set on the instance (what
    // prom-client does with a `collect` config); get() runs it before every read.
    (metric as unknown as { collect: () => void }).collect = () => {
      for (const each of all) each();
    };
  }
  list.push(publish);
}

function publishOnCollect(counter: Counter<string>, tallies: readonly CounterTally[]): void {
  onCollect(counter, () => {
    for (const tally of tallies) tally.publishTo(counter);
  });
}

/**
 * One operation's connector_breaker_state series. Every registered operation exports 0
 * (closed) from its start, but making prom-client's series for each at registration cost
 * ~25 µs per operation (a 1,000-plugin host: ~150 ms of its start): the series is made on the
 * first state change, or at the first read of the gauge (`publishPending`), whichever is first.
 */
class BreakerSeries {
  private child: ReturnType<Gauge<string>['labels']> | undefined;

  constructor(
    private readonly gauge: Gauge<string>,
    private readonly labels: Labels,
  ) {}

  set(value: number): void {
    (this.child ??= this.gauge.labels(this.labels)).set(value);
  }

  /** Publishes 0 (closed) unless a state was set already. */
  publishPending(): void {
    if (this.child === undefined) this.set(0);
  }
}

export class ConnectorMetrics {
  private readonly calls: Counter<string>;
  private readonly attempts: Counter<string>;
  private readonly retries: Counter<string>;
  private readonly timeouts: Counter<string>;
  private readonly shortCircuits: Counter<string>;
  private readonly breaker: Gauge<string>;
  private readonly duration: Histogram<string>;
  private readonly health: Gauge<string>;
  private readonly approvalSla: Gauge<string>;
  readonly webhookRejections: Counter<string>;
  readonly webhookEvents: Counter<string>;
  private readonly refusals: Counter<string>;
  private readonly unknownOutcomes: Gauge<string>;
  /** Label sets of the unknown-outcome gauge set last time, so a drop to zero is published. */
  private unknownOutcomeSeries = new Set<string>();
  private readonly tallies = new Map<Counter<string>, CounterTally[]>();
  private readonly handles = new Map<string, OperationSeries>();
  /** What each operation's series (OperationSeries) makes its tallies from. */
  private readonly seriesSource: SeriesSource;
  /** Breaker series of operations registered since the gauge was last read (BreakerSeries). */
  private pendingBreakers: BreakerSeries[] = [];

  constructor(readonly registry: Registry) {
    const own = <T extends MetricDefinition>(def: T): T => ({
      definedBy: "core's runtime",
      ...def,
    });
    this.calls = registerMetric(registry, own(RUNTIME_METRICS.calls));
    this.attempts = registerMetric(registry, own(RUNTIME_METRICS.attempts));
    this.retries = registerMetric(registry, own(RUNTIME_METRICS.retries));
    this.timeouts = registerMetric(registry, own(RUNTIME_METRICS.timeouts));
    this.shortCircuits = registerMetric(registry, own(RUNTIME_METRICS.shortCircuits));
    this.breaker = registerMetric(registry, own(RUNTIME_METRICS.breakerState));
    this.duration = registerMetric(registry, own(RUNTIME_METRICS.duration));
    this.health = registerMetric(registry, { ...RUNTIME_METRICS.health, type: 'gauge' });
    this.approvalSla = registerMetric(registry, {
      ...RUNTIME_METRICS.approvalSlaCompliance,
      type: 'gauge',
    });
    this.webhookRejections = registerMetric(registry, own(RUNTIME_METRICS.webhookRejections));
    this.webhookEvents = registerMetric(registry, own(RUNTIME_METRICS.webhookEvents));
    this.refusals = registerMetric(registry, own(RUNTIME_METRICS.refusals));
    this.unknownOutcomes = registerMetric(registry, own(RUNTIME_METRICS.unknownOutcomes));
    for (const counter of [
      this.calls,
      this.attempts,
      this.retries,
      this.timeouts,
      this.shortCircuits,
      this.refusals,
    ]) {
      const tallies: CounterTally[] = [];
      this.tallies.set(counter, tallies);
      publishOnCollect(counter, tallies);
    }
    this.seriesSource = {
      tally: (kind, labels) => this.tally(this[kind], labels),
      duration: (labels) => new DurationSeries(this.duration, labels),
    };
    onCollect(this.breaker, () => {
      const pending = this.pendingBreakers;
      this.pendingBreakers = [];
      for (const series of pending) series.publishPending();
    });
  }

  forOperation(tenant: string, connector: string, operation: string): OperationMetrics {
    // One handle per label set: a re-registration keeps counting into the same tallies, and
    // its new breaker starts closed.
    const key = `${tenant}\u0000${connector}\u0000${operation}`;
    const known = this.handles.get(key);
    if (known) {
      known.breakerState('closed');
      return known;
    }
    const labels = { tenant, connector, operation };
    const breaker = new BreakerSeries(this.breaker, labels);
    this.pendingBreakers.push(breaker);
    const handle = new OperationSeries(this.seriesSource, labels, breaker);
    this.handles.set(key, handle);
    return handle;
  }

  /** connector_health as the host computed it (tenant="all" for the overall ratio). */
  setHealth(tenant: string, ratio: number): void {
    this.health.set({ tenant }, ratio);
  }

  /**
   * approval_sla_compliance as the host computed it; null (nothing due in the window) is
   * exported as NaN, Prometheus's value for a ratio of nothing.
   */
  setApprovalSlaCompliance(tenant: string, ratio: number | null): void {
    this.approvalSla.set({ tenant }, ratio ?? Number.NaN);
  }

  /** Sets connector_unknown_outcomes to these counts; series not named go back to 0. */
  setUnknownOutcomes(
    counts: readonly { tenant: string; connector: string; count: number }[],
  ): void {
    const seen = new Set<string>();
    for (const { tenant, connector, count } of counts) {
      this.unknownOutcomes.set({ tenant, connector }, count);
      seen.add(JSON.stringify([tenant, connector]));
    }
    for (const series of this.unknownOutcomeSeries) {
      if (seen.has(series)) continue;
      const [tenant, connector] = JSON.parse(series) as [string, string];
      this.unknownOutcomes.set({ tenant, connector }, 0);
    }
    this.unknownOutcomeSeries = seen;
  }

  private tally(counter: Counter<string>, labels: Labels): CounterTally {
    const tally = new CounterTally(labels);
    this.tallies.get(counter)!.push(tally);
    return tally;
  }
}
