import { Registry } from 'prom-client';
import { hasErrorCode } from '../errors/dlxError';
import { expectIssue } from '../manifest/__fixtures__/issueAssertions';
import { freshValidManifest } from '../manifest/__fixtures__/validManifest';
import type { ManifestMetric } from '../manifest';
import { GovernanceRuntime } from '../runtime/governanceRuntime';
import { ledgerConnector } from '../runtime/__fixtures__/ledgerConnector';
import { ledgerManifestWith } from '../runtime/__fixtures__/runtimeHarness';
import { createMemoryStores } from '../stores/memory';
import { RecordingLogger } from '../runtime/recordingLogger';
import { declaredMetrics } from './declaredMetrics';

const usage: ManifestMetric = {
  name: 'crm_api_requests_used',
  type: 'gauge',
  unit: 'requests',
  labels: ['limit'],
};
const sent: ManifestMetric = {
  name: 'crm_records_sent',
  type: 'counter',
  unit: 'records',
  labels: [],
};

function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('ctx.metrics: the metrics a manifest declares', () => {
  it('records per (tenant, connector), with both as labels', async () => {
    const registry = new Registry();
    const acme = declaredMetrics(registry, [usage, sent], 'acme', 'crm');
    const globex = declaredMetrics(registry, [usage, sent], 'globex', 'crm');
    acme.set('crm_api_requests_used', 18, { limit: 'api-usage' });
    globex.set('crm_api_requests_used', 3, { limit: 'api-usage' });
    acme.increment('crm_records_sent');
    acme.increment('crm_records_sent', {}, 2);
    const text = await registry.metrics();
    expect(text).toContain(
      'crm_api_requests_used{tenant="acme",connector="crm",limit="api-usage"} 18',
    );
    expect(text).toContain(
      'crm_api_requests_used{tenant="globex",connector="crm",limit="api-usage"} 3',
    );
    expect(text).toContain('crm_records_sent{tenant="acme",connector="crm"} 3');
  });

  it('refuses an undeclared name, another kind of use and undeclared or missing labels', () => {
    const log = new RecordingLogger();
    const metrics = declaredMetrics(new Registry(), [usage, sent], 'acme', 'crm', log);
    const cases = [
      () => metrics.set('salesforce_limit', 1, { limit: 'x' }),
      () => metrics.increment('crm_api_requests_used', { limit: 'x' }),
      () => metrics.set('crm_api_requests_used', 1),
      () => metrics.set('crm_api_requests_used', 1, { limit: 'x', org: 'y' }),
      () => metrics.set('crm_api_requests_used', Number.NaN, { limit: 'x' }),
    ];
    for (const fn of cases) {
      expect(hasErrorCode(thrown(fn), 'DLX_E_METRICS_UNDECLARED')).toBe(true);
    }
    // Each refusal is logged too, so a connector that swallows the error is still seen.
    expect(log.lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual(
      cases.map(() =>
        expect.objectContaining({
          level: 'warn',
          code: 'DLX_E_METRICS_UNDECLARED',
          connector: 'crm',
        }),
      ),
    );
    expect((thrown(cases[0]!) as Error).message).toBe(
      'connector "crm" (tenant "acme") records metric "salesforce_limit", which its manifest does not declare; declared: crm_api_requests_used, crm_records_sent',
    );
  });

  it('shares one declaration between connectors and refuses a different one of the same name', () => {
    const registry = new Registry();
    declaredMetrics(registry, [usage], 'acme', 'crm');
    declaredMetrics(registry, [usage], 'acme', 'crm_eu');
    const clash = thrown(() =>
      declaredMetrics(registry, [{ ...usage, type: 'counter' }], 'acme', 'other'),
    );
    expect(hasErrorCode(clash, 'DLX_E_METRICS_CONFLICT')).toBe(true);
    expect((clash as Error).message).toBe(
      'metric crm_api_requests_used is already registered by connector "crm" ' +
        '(a gauge (unit requests, labels [tenant, connector, limit])); a second definition by ' +
        'connector "other" (a counter (unit requests, labels [tenant, connector, limit])) is not allowed',
    );
  });

  it('refuses, when the connector registers, a declaration that redefines a dictionary metric', async () => {
    const runtime = new GovernanceRuntime({ stores: createMemoryStores() });
    const manifest = ledgerManifestWith({
      metrics: [{ name: 'approval_sla_compliance', type: 'gauge', unit: 'percent', labels: [] }],
    });
    const refused = await runtime
      .register({
        tenant: 'acme',
        plugin: ledgerConnector,
        manifest,
        version: '1.2.3',
        config: { base_url: 'http://127.0.0.1:9', api_key: 'sk_test_registration_only' },
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(hasErrorCode(refused, 'DLX_E_METRICS_CONFLICT')).toBe(true);
    expect((refused as Error).message).toBe(
      'metric approval_sla_compliance is defined by the metric dictionary ' +
        '(packages/core/src/metrics/metric-dictionary.json) as a gauge (unit ratio, labels [tenant]) ' +
        'exported as approval_sla_compliance; connector "ledger" ' +
        '(a gauge (unit percent, labels [tenant, connector])) redefines it (unit, labels differ)',
    );
    expect(runtime.registered('acme')).toEqual([]);
    await runtime.shutdown(0);
  });

  it("keeps the runtime's own labels out of manifests", () => {
    const m = freshValidManifest() as unknown as Record<string, unknown>;
    m.metrics = [{ ...usage, labels: ['limit', 'tenant'] }];
    expectIssue(m, {
      code: 'invalid_format',
      path: 'metrics[0].labels[1]',
      found: '"tenant"',
      allowed: ['the runtime adds "tenant" and "connector"'],
    });
  });
});
