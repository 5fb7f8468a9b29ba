import { hasErrorCode } from '../../errors/dlxError';
import type { ApprovalRecord, ApprovalStore } from '../approvalStore';
import { rejectionOf } from './rejectionOf';

const T0 = 1_700_000_000_000;

function approval(id: string, overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    id,
    tenant: 'acme',
    connector: 'stripe',
    operation: 'refund_payment',
    payload_digest: `sha256:${'c'.repeat(64)}`,
    payload_preview: { amount: 5000, customer: '[personal]' },
    requested_by: 'ops-token',
    requested_at: T0,
    expires_at: T0 + 3_600_000,
    status: 'pending',
    correlation_id: `corr-${id}`,
    ...overrides,
  };
}

/** The ApprovalStore contract: every implementation must pass it. */
export function approvalStoreContract(
  makeStore: () => Promise<ApprovalStore> | ApprovalStore,
): void {
  describe('ApprovalStore contract', () => {
    it('gets back what it created, and nothing for an unknown id', async () => {
      const store = await makeStore();
      await store.create(approval('apr_1'));
      expect(await store.get('acme', 'apr_1')).toEqual(approval('apr_1'));
      expect(await store.get('acme', 'apr_404')).toBeUndefined();
    });

    it('keeps a computed preview, the requesting key and the key that used a grant', async () => {
      const store = await makeStore();
      const computed = { size_bytes: 52_000, page_count: 12 };
      const fields: Partial<ApprovalRecord> = {
        computed_preview: computed,
        requested_key: 'order-7',
        status: 'granted',
      };
      await store.create(approval('apr_p', fields));
      expect(await store.get('acme', 'apr_p')).toEqual(approval('apr_p', fields));
      expect(
        await store.transition('acme', 'apr_p', 'granted', {
          status: 'used',
          used_at: T0,
          used_by_key: 'k-1',
        }),
      ).toBe(true);
      expect(await store.get('acme', 'apr_p')).toMatchObject({
        status: 'used',
        used_by_key: 'k-1',
      });
    });

    it('refuses a second request with the same id for the tenant', async () => {
      const store = await makeStore();
      await store.create(approval('apr_1'));
      const err = await rejectionOf(store.create(approval('apr_1', { requested_by: 'other' })));
      expect(hasErrorCode(err, 'DLX_E_STORE_FAILURE')).toBe(true);
      expect((await store.get('acme', 'apr_1'))?.requested_by).toBe('ops-token');
    });

    it('lists newest first and filters by status', async () => {
      const store = await makeStore();
      await store.create(approval('apr_old', { requested_at: T0 }));
      await store.create(approval('apr_new', { requested_at: T0 + 2_000 }));
      await store.create(approval('apr_mid', { requested_at: T0 + 1_000, status: 'granted' }));
      expect((await store.list('acme')).map((a) => a.id)).toEqual([
        'apr_new',
        'apr_mid',
        'apr_old',
      ]);
      expect((await store.list('acme', { status: 'pending' })).map((a) => a.id)).toEqual([
        'apr_new',
        'apr_old',
      ]);
      expect(await store.list('acme', { status: 'denied' })).toEqual([]);
    });

    it('applies a transition only from the expected status', async () => {
      const store = await makeStore();
      await store.create(approval('apr_1'));
      const granted = await store.transition('acme', 'apr_1', 'pending', {
        status: 'granted',
        decided_by: 'approver-token',
        decided_at: T0 + 10,
      });
      expect(granted).toBe(true);
      expect(await store.get('acme', 'apr_1')).toEqual(
        approval('apr_1', { status: 'granted', decided_by: 'approver-token', decided_at: T0 + 10 }),
      );
      const deniedLate = await store.transition('acme', 'apr_1', 'pending', {
        status: 'denied',
        decided_by: 'someone',
        reason: 'too late',
      });
      expect(deniedLate).toBe(false);
      expect(await store.get('acme', 'apr_1')).toMatchObject({
        status: 'granted',
        decided_by: 'approver-token',
      });
      expect(
        await store.transition('acme', 'apr_1', 'granted', { status: 'used', used_at: T0 + 20 }),
      ).toBe(true);
      expect(await store.transition('acme', 'apr_404', 'pending', { status: 'granted' })).toBe(
        false,
      );
    });

    it('lets exactly one of several concurrent transitions from the same status win', async () => {
      const store = await makeStore();
      await store.create(approval('apr_1'));
      const outcomes = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((who) =>
          store.transition('acme', 'apr_1', 'pending', { status: 'granted', decided_by: who }),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });

    it('keeps tenants apart: another tenant cannot get, list or transition a request', async () => {
      const store = await makeStore();
      await store.create(approval('apr_1'));
      expect(await store.get('globex', 'apr_1')).toBeUndefined();
      expect(await store.list('globex')).toEqual([]);
      expect(await store.transition('globex', 'apr_1', 'pending', { status: 'granted' })).toBe(
        false,
      );
      expect((await store.get('acme', 'apr_1'))?.status).toBe('pending');
    });

    it('holds the same id for two tenants as two separate requests', async () => {
      const store = await makeStore();
      await store.create(approval('apr_1'));
      await store.create(approval('apr_1', { tenant: 'globex', operation: 'create_payment' }));
      expect(
        await store.transition('globex', 'apr_1', 'pending', { status: 'denied', reason: 'no' }),
      ).toBe(true);
      expect(await store.get('acme', 'apr_1')).toMatchObject({
        status: 'pending',
        operation: 'refund_payment',
      });
      expect(await store.get('globex', 'apr_1')).toMatchObject({
        status: 'denied',
        operation: 'create_payment',
      });
    });
  });
}
