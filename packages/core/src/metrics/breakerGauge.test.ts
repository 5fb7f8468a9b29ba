import { Registry } from 'prom-client';
import { ConnectorMetrics } from './connectorMetrics';

const series = (operation: string) =>
  `connector_breaker_state{tenant="acme",connector="stripe",operation="${operation}"}`;

function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('connector_breaker_state (its series made on first use)', () => {
  it('exports 0 (closed) for every registered operation before any call', async () => {
    const registry = new Registry();
    const metrics = new ConnectorMetrics(registry);
    for (const op of ['charge', 'refund', 'read_charge'])
      metrics.forOperation('acme', 'stripe', op);
    const text = await registry.metrics();
    expect(['charge', 'refund', 'read_charge'].map((op) => sample(text, series(op)))).toEqual([
      0, 0, 0,
    ]);
  });

  it('keeps a state set before the first scrape, and one set after it', async () => {
    const registry = new Registry();
    const metrics = new ConnectorMetrics(registry);
    metrics.forOperation('acme', 'stripe', 'charge').breakerState('open');
    const refund = metrics.forOperation('acme', 'stripe', 'refund');
    const first = await registry.metrics();
    expect(sample(first, series('charge'))).toBe(2);
    expect(sample(first, series('refund'))).toBe(0);
    refund.breakerState('half_open');
    expect(sample(await registry.metrics(), series('refund'))).toBe(1);
  });

  it('a re-registration starts closed again (its breaker is new)', async () => {
    const registry = new Registry();
    const metrics = new ConnectorMetrics(registry);
    metrics.forOperation('acme', 'stripe', 'charge').breakerState('open');
    expect(sample(await registry.metrics(), series('charge'))).toBe(2);
    metrics.forOperation('acme', 'stripe', 'charge');
    expect(sample(await registry.metrics(), series('charge'))).toBe(0);
  });

  it('two runtimes on one registry each export their own operations', async () => {
    const registry = new Registry();
    new ConnectorMetrics(registry).forOperation('acme', 'stripe', 'charge');
    new ConnectorMetrics(registry).forOperation('acme', 'stripe', 'refund').breakerState('open');
    const text = await registry.metrics();
    expect(sample(text, series('charge'))).toBe(0);
    expect(sample(text, series('refund'))).toBe(2);
  });
});
