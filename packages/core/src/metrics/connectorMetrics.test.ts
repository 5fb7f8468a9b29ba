import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Histogram, Registry } from 'prom-client';
import { ConnectorMetrics, RUNTIME_METRICS } from './connectorMetrics';
import { registerMetric } from './metricRegistration';
import { renderMetricsReference } from './metricsReference';

describe('runtime metrics', () => {
  it('registers each metric once: the same definition again is shared, another one is an error', () => {
    const registry = new Registry();
    new ConnectorMetrics(registry);
    expect(() => new ConnectorMetrics(registry)).not.toThrow();
    expect(() =>
      registerMetric(registry, {
        name: 'connector_health',
        help: 'something else',
        type: 'counter',
        labelNames: ['tenant'],
      }),
    ).toThrow(expect.objectContaining({ code: 'DLX_E_METRICS_CONFLICT' }));
  });

  it('exposes calls, breaker state and connector_health in Prometheus text', async () => {
    const registry = new Registry();
    const metrics = new ConnectorMetrics(registry);
    const op = metrics.forOperation('acme', 'stripe', 'create_payment_intent');
    op.attempt(false);
    op.call('success', 0.02);
    op.breakerState('open');
    metrics.setHealth('acme', 0.5);
    const text = await registry.metrics();
    expect(text).toContain(
      'connector_calls_total{tenant="acme",connector="stripe",operation="create_payment_intent",outcome="success"} 1',
    );
    expect(text).toContain(
      'connector_breaker_state{tenant="acme",connector="stripe",operation="create_payment_intent"} 2',
    );
    expect(text).toContain('connector_health{tenant="acme"} 0.5');
  });

  const OP = 'tenant="acme",connector="stripe",operation="charge"';

  function sample(text: string, series: string): number {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    if (line === undefined) throw new Error(`no sample ${series} in:\n${text}`);
    return Number(line.slice(series.length + 1));
  }

  it('shows every count made before a scrape, and counts never go down across scrapes', async () => {
    const registry = new Registry();
    const op = new ConnectorMetrics(registry).forOperation('acme', 'stripe', 'charge');
    op.attempt(false);
    op.attempt(true);
    op.timeout();
    op.shortCircuit();
    op.call('failure', 0.2);
    op.call('success', 0.003);
    const first = await registry.metrics();
    expect(sample(first, `connector_attempts_total{${OP}}`)).toBe(2);
    expect(sample(first, `connector_retries_total{${OP}}`)).toBe(1);
    expect(sample(first, `connector_timeouts_total{${OP}}`)).toBe(1);
    expect(sample(first, `connector_short_circuits_total{${OP}}`)).toBe(1);
    expect(sample(first, `connector_calls_total{${OP},outcome="success"}`)).toBe(1);
    expect(sample(first, `connector_calls_total{${OP},outcome="failure"}`)).toBe(1);

    // A scrape with nothing new in between repeats the values; new counts add on top.
    expect(await registry.metrics()).toBe(first);
    op.attempt(false);
    op.call('success', 0.004);
    const second = await registry.metrics();
    expect(sample(second, `connector_attempts_total{${OP}}`)).toBe(3);
    expect(sample(second, `connector_retries_total{${OP}}`)).toBe(1);
    expect(sample(second, `connector_calls_total{${OP},outcome="success"}`)).toBe(2);
    expect(sample(second, `connector_call_duration_seconds_count{${OP},outcome="success"}`)).toBe(
      2,
    );
  });

  it('exports the duration histogram exactly as prom-client observe would', async () => {
    const registry = new Registry();
    const op = new ConnectorMetrics(registry).forOperation('acme', 'stripe', 'charge');
    const referenceRegistry = new Registry();
    const reference = new Histogram({
      name: RUNTIME_METRICS.duration.name,
      help: RUNTIME_METRICS.duration.help,
      labelNames: [...RUNTIME_METRICS.duration.labelNames],
      buckets: [...RUNTIME_METRICS.duration.buckets],
      registers: [referenceRegistry],
    });
    // Bucket edges, values between them, above the last bucket, and sums that round.
    const values = [0, 0.005, 0.0051, 0.01, 0.1, 0.3, 1, 2.5, 9.99, 30, 31, 120, 0.1 + 0.2];
    for (const seconds of values) {
      op.call('success', seconds);
      reference.observe(
        { tenant: 'acme', connector: 'stripe', operation: 'charge', outcome: 'success' },
        seconds,
      );
    }
    const ours = await registry.getSingleMetricAsString(RUNTIME_METRICS.duration.name);
    expect(ours).toBe(
      await referenceRegistry.getSingleMetricAsString(RUNTIME_METRICS.duration.name),
    );
    expect(() => op.call('success', Number.NaN)).toThrow(TypeError);
  });

  it('adds up counts of runtimes sharing a registry and keeps counting after a reset', async () => {
    const registry = new Registry();
    const a = new ConnectorMetrics(registry).forOperation('acme', 'stripe', 'charge');
    const b = new ConnectorMetrics(registry).forOperation('acme', 'stripe', 'charge');
    a.call('success', 0.01);
    b.call('success', 0.02);
    a.attempt(false);
    b.attempt(false);
    const shared = await registry.metrics();
    expect(sample(shared, `connector_calls_total{${OP},outcome="success"}`)).toBe(2);
    expect(sample(shared, `connector_attempts_total{${OP}}`)).toBe(2);
    expect(sample(shared, `connector_call_duration_seconds_count{${OP},outcome="success"}`)).toBe(
      2,
    );

    registry.resetMetrics();
    a.call('success', 0.01);
    a.attempt(false);
    const afterReset = await registry.metrics();
    expect(sample(afterReset, `connector_calls_total{${OP},outcome="success"}`)).toBe(1);
    expect(sample(afterReset, `connector_attempts_total{${OP}}`)).toBe(1);
    expect(
      sample(afterReset, `connector_call_duration_seconds_count{${OP},outcome="success"}`),
    ).toBe(1);
  });

  it('is documented exactly in docs/metrics.md (run `npm run generate` after a change)', () => {
    expect(readFileSync(join(__dirname, '../../../../docs/metrics.md'), 'utf8')).toBe(
      renderMetricsReference(),
    );
  });
});
