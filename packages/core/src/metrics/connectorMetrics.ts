import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BREAKER_STATE_VALUE, type BreakerState } from '../runtime/circuitBreaker';
import { registerMetric } from './metricRegistration';

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
  health: {
    name: 'connector_health',
    help: 'Connectors with status ok divided by connectors registered (the standard metric dictionary); tenant="all" is overall.',
    type: 'gauge',
    labelNames: ['tenant'],
  },
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
} as const;

/** The metric handles of one (tenant, connector, operation), bound once. */
export interface OperationMetrics {
  call(outcome: string, seconds: number): void;
  attempt(isRetry: boolean): void;
  timeout(): void;
  shortCircuit(): void;
  breakerState(state: BreakerState): void;
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
  readonly webhookRejections: Counter<string>;
  readonly webhookEvents: Counter<string>;

  constructor(readonly registry: Registry) {
    this.calls = registerMetric(registry, RUNTIME_METRICS.calls);
    this.attempts = registerMetric(registry, RUNTIME_METRICS.attempts);
    this.retries = registerMetric(registry, RUNTIME_METRICS.retries);
    this.timeouts = registerMetric(registry, RUNTIME_METRICS.timeouts);
    this.shortCircuits = registerMetric(registry, RUNTIME_METRICS.shortCircuits);
    this.breaker = registerMetric(registry, RUNTIME_METRICS.breakerState);
    this.duration = registerMetric(registry, RUNTIME_METRICS.duration);
    this.health = registerMetric(registry, RUNTIME_METRICS.health);
    this.webhookRejections = registerMetric(registry, RUNTIME_METRICS.webhookRejections);
    this.webhookEvents = registerMetric(registry, RUNTIME_METRICS.webhookEvents);
  }

  forOperation(tenant: string, connector: string, operation: string): OperationMetrics {
    const labels = { tenant, connector, operation };
    const attempts = this.attempts.labels(labels);
    const retries = this.retries.labels(labels);
    const timeouts = this.timeouts.labels(labels);
    const shortCircuits = this.shortCircuits.labels(labels);
    const breaker = this.breaker.labels(labels);
    breaker.set(0);
    // Children bound once per outcome: prom-client hashes a label object on every call.
    const byOutcome = new Map<
      string,
      { calls: Counter.Internal; duration: Histogram.Internal<string> }
    >();
    return {
      call: (outcome, seconds) => {
        let bound = byOutcome.get(outcome);
        if (!bound) {
          const withOutcome = { ...labels, outcome };
          bound = {
            calls: this.calls.labels(withOutcome),
            duration: this.duration.labels(withOutcome),
          };
          byOutcome.set(outcome, bound);
        }
        bound.calls.inc();
        bound.duration.observe(seconds);
      },
      attempt: (isRetry) => {
        attempts.inc();
        if (isRetry) retries.inc();
      },
      timeout: () => timeouts.inc(),
      shortCircuit: () => shortCircuits.inc(),
      breakerState: (state) => breaker.set(BREAKER_STATE_VALUE[state]),
    };
  }

  setHealth(tenant: string, ratio: number): void {
    this.health.set({ tenant }, ratio);
  }
}
