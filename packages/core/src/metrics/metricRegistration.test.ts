import { Registry } from 'prom-client';
import { hasErrorCode } from '../errors/dlxError';
import { ConnectorMetrics } from './connectorMetrics';
import { registerMetric } from './metricRegistration';
import { connectorMetricShape } from './metricShape';

function conflictOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(hasErrorCode(error, 'DLX_E_METRICS_CONFLICT')).toBe(true);
    return error as Error;
  }
  throw new Error('expected DLX_E_METRICS_CONFLICT');
}

describe('the registry refuses a conflicting registration at runtime', () => {
  it("registers the dictionary's two computed metrics with the dictionary's definition", async () => {
    const registry = new Registry();
    const metrics = new ConnectorMetrics(registry);
    metrics.setHealth('acme', 0.5);
    metrics.setApprovalSlaCompliance('acme', 0.75);
    metrics.setApprovalSlaCompliance('all', null);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE connector_health gauge');
    expect(text).toContain('approval_sla_compliance{tenant="acme"} 0.75');
    // NaN: nothing due. prom-client writes it `Nan`, which Prometheus reads case-insensitively.
    const all = text
      .split('\n')
      .find((l) => l.startsWith('approval_sla_compliance{tenant="all"} '));
    expect(all).toBe('approval_sla_compliance{tenant="all"} Nan');
  });

  it('refuses a dictionary metric with another type, unit or labels, naming both definitions', () => {
    const registry = new Registry();
    const asConnector = connectorMetricShape({
      name: 'connector_health',
      type: 'gauge',
      unit: 'ratio',
      labels: [],
    });
    const error = conflictOf(() =>
      registerMetric(registry, {
        name: asConnector.name,
        help: 'Declared in a connector manifest (unit: ratio).',
        type: 'gauge',
        unit: 'ratio',
        labelNames: asConnector.labels,
        definedBy: 'connector "crm" (tenant "acme")',
      }),
    );
    expect(error.message).toBe(
      'metric connector_health is defined by the metric dictionary ' +
        '(packages/core/src/metrics/metric-dictionary.json) as a gauge (unit ratio, labels [tenant]) ' +
        'exported as connector_health; connector "crm" (tenant "acme") ' +
        '(a gauge (unit ratio, labels [tenant, connector])) redefines it (labels differ)',
    );
    const otherUnit = conflictOf(() =>
      registerMetric(registry, {
        name: 'approval_sla_compliance',
        help: 'percent',
        type: 'gauge',
        unit: 'percent',
        labelNames: ['tenant'],
      }),
    );
    expect(otherUnit.message).toContain('redefines it (unit differ)');
    const otherType = conflictOf(() =>
      registerMetric(registry, {
        name: 'win_rate',
        help: 'wins',
        type: 'counter',
        labelNames: ['tenant'],
      }),
    );
    expect(otherType.message).toContain('(type differ)');
    // Nothing was registered by a refused definition.
    expect(registry.getSingleMetric('win_rate')).toBeUndefined();
  });

  it('refuses a second, different definition of any name, naming who registered each', () => {
    const registry = new Registry();
    const crm = {
      name: 'crm_api_requests_used',
      help: 'Declared in a connector manifest (unit: requests).',
      type: 'gauge' as const,
      unit: 'requests',
      labelNames: ['tenant', 'connector', 'limit'],
      definedBy: 'connector "crm"',
    };
    registerMetric(registry, crm);
    expect(() =>
      registerMetric(registry, { ...crm, definedBy: 'connector "crm_eu"' }),
    ).not.toThrow();
    const error = conflictOf(() =>
      registerMetric(registry, { ...crm, type: 'counter', definedBy: 'connector "ledger"' }),
    );
    expect(error.message).toBe(
      'metric crm_api_requests_used is already registered by connector "crm" ' +
        '(a gauge (unit requests, labels [tenant, connector, limit])); a second definition by ' +
        'connector "ledger" (a counter (unit requests, labels [tenant, connector, limit])) is not allowed',
    );
  });
});
