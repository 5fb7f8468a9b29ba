import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { ConnectorMetrics } from './connectorMetrics';
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

  it('is documented exactly in docs/metrics.md (run `npm run generate` after a change)', () => {
    expect(readFileSync(join(__dirname, '../../../../docs/metrics.md'), 'utf8')).toBe(
      renderMetricsReference(),
    );
  });
});
