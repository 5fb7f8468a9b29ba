import type { SyncStateStore } from '../syncStateStore';

const AT1 = '2024-05-01T10:00:00.000Z';
const AT2 = '2024-05-01T10:01:00.000Z';
const AT3 = '2024-05-01T10:02:00.000Z';

/** The SyncStateStore contract: every implementation must pass it. */
export function syncStateStoreContract(
  makeStore: () => Promise<SyncStateStore> | SyncStateStore,
): void {
  describe('SyncStateStore contract', () => {
    it('knows nothing of a connector before its first update', async () => {
      const store = await makeStore();
      expect(await store.get('acme', 'stripe')).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('records a success as ok with the time of the success and the attempt', async () => {
      const store = await makeStore();
      const state = await store.update('acme', 'stripe', { kind: 'success', at: AT1 });
      expect(state).toEqual({
        tenant: 'acme',
        connector: 'stripe',
        status: 'ok',
        last_success_at: AT1,
        last_attempt_at: AT1,
        last_error: null,
        consecutive_failures: 0,
      });
      expect(await store.get('acme', 'stripe')).toEqual(state);
    });

    it('counts failures and keeps the latest error, then a success resets the count', async () => {
      const store = await makeStore();
      await store.update('acme', 'stripe', { kind: 'success', at: AT1 });
      await store.update('acme', 'stripe', {
        kind: 'failure',
        at: AT2,
        code: 'DLX_E_VENDOR_TRANSIENT',
        message: '503',
      });
      const failed = await store.update('acme', 'stripe', {
        kind: 'failure',
        at: AT3,
        code: 'DLX_E_RUNTIME_TIMEOUT',
        message: 'timed out',
      });
      expect(failed).toMatchObject({
        status: 'ok',
        consecutive_failures: 2,
        last_success_at: AT1,
        last_attempt_at: AT3,
        last_error: { code: 'DLX_E_RUNTIME_TIMEOUT', message: 'timed out', at: AT3 },
      });
      await store.update('acme', 'stripe', { kind: 'status', status: 'degraded' });
      const recovered = await store.update('acme', 'stripe', {
        kind: 'success',
        at: '2024-05-01T10:03:00.000Z',
      });
      expect(recovered).toMatchObject({
        status: 'ok',
        consecutive_failures: 0,
        last_success_at: '2024-05-01T10:03:00.000Z',
        last_error: { code: 'DLX_E_RUNTIME_TIMEOUT', at: AT3 },
      });
    });

    it('starts a connector whose first update is a failure as degraded', async () => {
      const store = await makeStore();
      const state = await store.update('acme', 'twilio', {
        kind: 'failure',
        at: AT1,
        code: 'DLX_E_VENDOR_AUTH',
        message: '401',
      });
      expect(state).toMatchObject({
        status: 'degraded',
        consecutive_failures: 1,
        last_success_at: null,
        last_attempt_at: AT1,
      });
    });

    it('changes only the status on a status update', async () => {
      const store = await makeStore();
      await store.update('acme', 'stripe', {
        kind: 'failure',
        at: AT1,
        code: 'DLX_E_VENDOR_NETWORK',
        message: 'refused',
      });
      const before = await store.get('acme', 'stripe');
      const after = await store.update('acme', 'stripe', { kind: 'status', status: 'error' });
      expect(after).toEqual({ ...before, status: 'error' });
      expect(
        await store.update('acme', 'smtp', { kind: 'status', status: 'degraded' }),
      ).toMatchObject({
        status: 'degraded',
        consecutive_failures: 0,
        last_attempt_at: null,
      });
    });

    it('lists one tenant or all, ordered by tenant then connector, kept apart per tenant', async () => {
      const store = await makeStore();
      await store.update('globex', 'stripe', { kind: 'success', at: AT1 });
      await store.update('acme', 'twilio', { kind: 'success', at: AT1 });
      await store.update('acme', 'stripe', {
        kind: 'failure',
        at: AT1,
        code: 'DLX_E_VENDOR_AUTH',
        message: '401',
      });
      expect((await store.list('acme')).map((s) => s.connector)).toEqual(['stripe', 'twilio']);
      expect((await store.list()).map((s) => `${s.tenant}/${s.connector}`)).toEqual([
        'acme/stripe',
        'acme/twilio',
        'globex/stripe',
      ]);
      expect((await store.get('globex', 'stripe'))?.consecutive_failures).toBe(0);
      expect(await store.get('globex', 'twilio')).toBeUndefined();
    });
  });
}
