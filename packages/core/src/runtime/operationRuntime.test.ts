import { Registry } from 'prom-client';
import { ConnectorMetrics } from '../metrics/connectorMetrics';
import { DEFAULT_BREAKER_SETTINGS } from './circuitBreaker';
import { ledgerConnector } from './__fixtures__/ledgerConnector';
import { ledgerManifestWith } from './__fixtures__/runtimeHarness';
import { OperationRuntimes } from './operationRuntime';

// Registration keeps each operation's metric handle only; the runtime (policy, timing, breaker,
// scope) is built on the operation's first use, and behaves as one built at registration.
function ledgerOperations(settings = DEFAULT_BREAKER_SETTINGS) {
  const manifest = ledgerManifestWith();
  const registry = new Registry();
  const metrics = new ConnectorMetrics(registry);
  const handles = new Map(
    Object.keys(manifest.operations).map((name) => [
      name,
      metrics.forOperation('acme', 'ledger', name),
    ]),
  );
  const operations = new OperationRuntimes(
    {
      tenant: 'acme',
      manifest,
      plugin: ledgerConnector,
      breaker: settings,
      scales: { timeoutScale: 0.5, backoffScale: 1 },
    },
    handles,
  );
  return { manifest, operations, registry };
}

describe('operation runtimes built on first use', () => {
  it('builds an operation once, with its policy, scaled timing and frozen scope', () => {
    const { manifest, operations } = ledgerOperations();
    const op = operations.get('get_balance')!;
    expect(operations.get('get_balance')).toBe(op);
    expect(op.def).toBe(ledgerConnector.operations.get_balance);
    expect(op.where).toBe('ledger.get_balance');
    expect(op.scope).toEqual({ tenant: 'acme', connector: 'ledger', operation: 'get_balance' });
    expect(Object.isFrozen(op.scope)).toBe(true);
    const timeout = manifest.operations.get_balance!.timeout_ms ?? manifest.timeout_ms;
    expect(op.policy.timeout_ms).toBe(timeout);
    expect(op.timing.timeoutMs).toBe(Math.max(1, Math.round(timeout * 0.5)));
  });

  it('lists every declared operation, and has none by another name', () => {
    const { manifest, operations } = ledgerOperations();
    expect([...operations.keys()]).toEqual(Object.keys(manifest.operations));
    expect(operations.size).toBe(Object.keys(manifest.operations).length);
    expect(operations.has('get_balance')).toBe(true);
    expect(operations.has('no_such_operation')).toBe(false);
    expect(operations.get('no_such_operation')).toBeUndefined();
    expect([...operations.breakerStates()]).toEqual([]);
  });

  it('still reads as the ReadonlyMap it replaced: values, entries, iteration and forEach build what they walk', () => {
    const { manifest, operations } = ledgerOperations();
    const names = Object.keys(manifest.operations);
    const asMap: ReadonlyMap<string, unknown> = operations;
    expect([...asMap.values()].map((op) => (op as { name: string }).name)).toEqual(names);
    expect([...operations.entries()].map(([name, op]) => [name, op.name])).toEqual(
      names.map((name) => [name, name]),
    );
    expect([...operations].map(([name]) => name)).toEqual(names);
    const seen: string[] = [];
    operations.forEach((op, name, map) => {
      expect(map).toBe(operations);
      expect(op).toBe(operations.get(name));
      seen.push(name);
    });
    expect(seen).toEqual(names);
    // Walking them built them: each now has a breaker state on the board.
    expect([...operations.breakerStates()]).toHaveLength(names.length);
  });

  it('reports no breaker state for an operation never used (closed on the board)', async () => {
    const { operations } = ledgerOperations({ ...DEFAULT_BREAKER_SETTINGS, volumeThreshold: 1 });
    expect([...operations.breakerStates()]).toEqual([]);
    const op = operations.get('get_balance')!;
    await op.breaker.fire(() => Promise.reject(new Error('vendor down'))).catch(() => undefined);
    expect([...operations.breakerStates()]).toEqual(['open']);
    operations.shutdown();
  });

  it('exports a closed breaker series for every registered operation before any use', async () => {
    const { manifest, registry } = ledgerOperations();
    const text = await registry.metrics();
    for (const name of Object.keys(manifest.operations)) {
      expect(text).toContain(
        `connector_breaker_state{tenant="acme",connector="ledger",operation="${name}"} 0`,
      );
    }
  });

  it('a shutdown reaches the breakers built before it and any built after it', async () => {
    const { operations } = ledgerOperations();
    const before = operations.get('get_balance')!;
    operations.shutdown();
    const after = operations.get('create_payment')!;
    await expect(before.breaker.fire(async () => 1)).rejects.toMatchObject({ code: 'ESHUTDOWN' });
    await expect(after.breaker.fire(async () => 1)).rejects.toMatchObject({ code: 'ESHUTDOWN' });
  });
});
