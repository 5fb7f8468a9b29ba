import { GovernanceRuntime } from './governanceRuntime';
import { createMemoryStores } from '../stores/memory';
import { ledgerManifestWith, rejectionOf, useHarness } from './__fixtures__/runtimeHarness';

// The ledger's manifest says 30 s per attempt and a 10 min deadline; at timeoutScale 0.005
// an attempt gets 150 ms and the call 3 s (at 0.05: 1.5 s and 30 s): timeout paths in
// milliseconds or a second or two, with room for a loaded machine.
const slowManifest = ledgerManifestWith({ timeout_ms: 30_000, deadline_ms: 600_000 });

describe('timeoutScale', () => {
  const harness = useHarness({
    manifest: slowManifest,
    runtime: { timeoutScale: 0.005, backoffScale: 0.001 },
  });

  describe('with room for the retry', () => {
    // 1.5 s attempts: the retry's immediate answer must arrive within one on a loaded machine
    // (150 ms was not always enough under load 20), the held answer (5 s) never does.
    const patient = useHarness({
      manifest: slowManifest,
      runtime: { timeoutScale: 0.05, backoffScale: 0.001 },
    });

    it('shrinks each attempt timeout, and the timed-out read is retried', async () => {
      const h = patient();
      h.vendor.script('/balance/a', { delayMs: 5_000 }, { body: { balance: 7 } });
      const result = await h.runtime.execute('acme', 'ledger', 'get_balance', {
        input: { account: 'a' },
        actor: 'agent',
      });
      expect(result).toMatchObject({ status: 'ok', attempts: 2, output: { balance: 7 } });
      const [timedOut] = (await h.stores.audit.list()).filter((r) => r.event === 'attempt_failed');
      expect(timedOut).toMatchObject({ error_code: 'DLX_E_RUNTIME_TIMEOUT' });
      expect(JSON.stringify(timedOut!.payload)).toContain('timed out after 1500 ms');
    });
  });

  it('shrinks the deadline: a vendor that never answers ends the call in milliseconds', async () => {
    const h = harness();
    h.vendor.script('/balance/b', ...Array(5).fill({ delayMs: 5_000 }));
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
