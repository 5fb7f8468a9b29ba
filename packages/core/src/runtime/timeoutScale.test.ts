import { GovernanceRuntime } from './governanceRuntime';
import { createMemoryStores } from '../stores/memory';
import { ledgerManifestWith, rejectionOf, useHarness } from './__fixtures__/runtimeHarness';

// The ledger's manifest says 30 s per attempt and a 10 min deadline; at timeoutScale 0.05
// an attempt gets 1.5 s and the call 30 s: timeout paths in seconds instead of minutes, with
// room for a machine so loaded that a prompt answer takes far longer than usual (at 150 ms per
// attempt, the retry's prompt answer timed out too at a load average of 27 on 2 cores).
const slowManifest = ledgerManifestWith({ timeout_ms: 30_000, deadline_ms: 600_000 });

describe('timeoutScale', () => {
  const harness = useHarness({
    manifest: slowManifest,
    runtime: { timeoutScale: 0.05, backoffScale: 0.001 },
  });

  it('shrinks each attempt timeout, and the timed-out read is retried', async () => {
    const h = harness();
    h.vendor.script('/balance/a', { delayMs: 60_000 }, { body: { balance: 7 } });
    const result = await h.runtime.execute('acme', 'ledger', 'get_balance', {
      input: { account: 'a' },
      actor: 'agent',
    });
    expect(result).toMatchObject({ status: 'ok', attempts: 2, output: { balance: 7 } });
    const [timedOut] = (await h.stores.audit.list()).filter((r) => r.event === 'attempt_failed');
    expect(timedOut).toMatchObject({ error_code: 'DLX_E_RUNTIME_TIMEOUT' });
    expect(JSON.stringify(timedOut!.payload)).toContain('timed out after 1500 ms');
  });

  it('shrinks the deadline: a vendor that never answers ends the call in seconds', async () => {
    const h = harness();
    h.vendor.script('/balance/b', ...Array(5).fill({ delayMs: 60_000 }));
    const error = await rejectionOf(h, () =>
      h.runtime.execute('acme', 'ledger', 'get_balance', { input: { account: 'b' }, actor: 'x' }),
    );
    expect(error.code).toMatch(/^DLX_E_RUNTIME_(TIMEOUT|DEADLINE_EXCEEDED)$/);
    expect(h.vendor.count('/balance/b')).toBeLessThanOrEqual(3);
  });

  it('refuses a scale that is not a positive number', () => {
    for (const timeoutScale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new GovernanceRuntime({ stores: createMemoryStores(), timeoutScale })).toThrow(
        'timeoutScale must be a positive number',
      );
    }
  });
});
