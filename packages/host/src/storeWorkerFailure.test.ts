import { TOKENS, startHarness } from './__fixtures__/hostHarness';
import type { SqliteStores } from './stores';

const CHARGE = '/api/v1/tenants/acme/connectors/good_ledger/operations/charge';

// Issue 11 item 8: the stores live in a worker thread; should it die, the host must say so and
// answer every call with a coded error, never hang, and still shut down.
describe('a host whose store worker dies', () => {
  it('logs the failure with its code, answers calls with DLX_E_STORE_FAILURE and still stops', async () => {
    const h = await startHarness({ tenants: { acme: { connectors: { good_ledger: {} } } } });
    try {
      const before = await h.call('POST', CHARGE, {
        token: TOKENS.alice,
        body: { amount: 5 },
        headers: { 'idempotency-key': 'before-crash' },
      });
      expect(before.status).toBe(200);
      const stores = h.host.stores as SqliteStores;
      expect(stores.backend).toBe('sqlite');
      await stores.worker.terminate();
      const after = await h.call('POST', CHARGE, {
        token: TOKENS.alice,
        body: { amount: 5 },
        headers: { 'idempotency-key': 'after-crash' },
      });
      expect(after).toMatchObject({
        status: 500,
        json: { error: { code: 'DLX_E_STORE_FAILURE' } },
      });
      const reported = h.logs
        .map((line) => JSON.parse(line) as { level: number; code?: string; details?: unknown })
        .filter((entry) => entry.level >= 50 && entry.code === 'DLX_E_STORE_FAILURE');
      expect(reported).toMatchObject([{ details: { reason: 'store_worker_stopped' } }]);
      expect((await h.call('GET', '/healthz', { token: TOKENS.vic })).status).toBe(200);
    } finally {
      await h.stop();
    }
  });
});
