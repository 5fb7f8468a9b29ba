import { DlxError } from '../../errors/dlxError';
import type { IdempotencyStore } from '../idempotencyStore';
import {
  beginRequest,
  DIGEST,
  HOLDER,
  LEASE_MS,
  OTHER_DIGEST,
  SCOPE,
  T0,
  TTL_MS,
} from './idempotencyFixtures';
import { unknownOutcomeStoreContract } from './unknownOutcomeStoreContract';

/** The IdempotencyStore contract: every implementation must pass it. */
export function idempotencyStoreContract(
  makeStore: () => Promise<IdempotencyStore> | IdempotencyStore,
): void {
  describe('IdempotencyStore contract', () => {
    it('starts a new key with an in_progress record holding a lease', async () => {
      const store = await makeStore();
      expect(await store.begin(beginRequest())).toEqual({
        outcome: 'started',
        record: {
          scope: SCOPE,
          key: 'order-1',
          payload_digest: DIGEST,
          state: 'in_progress',
          idempotent: false,
          created_at: T0,
          lease_expires_at: T0 + LEASE_MS,
          holder: HOLDER,
          expires_at: T0 + TTL_MS,
        },
      });
      expect(await store.get(SCOPE, 'order-1', T0 + 1)).toMatchObject({
        state: 'in_progress',
        payload_digest: DIGEST,
      });
    });

    it('answers a second begin with the existing record and its original digest', async () => {
      const store = await makeStore();
      await store.begin(beginRequest());
      const second = await store.begin(beginRequest({ now: T0 + 5, payload_digest: OTHER_DIGEST }));
      expect(second.outcome).toBe('existing');
      expect(second.record).toMatchObject({
        state: 'in_progress',
        payload_digest: DIGEST,
        created_at: T0,
      });
    });

    it('scopes keys by tenant, connector and operation', async () => {
      const store = await makeStore();
      await store.begin(beginRequest());
      for (const scope of [
        { ...SCOPE, tenant: 'globex' },
        { ...SCOPE, connector: 'twilio' },
        { ...SCOPE, operation: 'refund_payment' },
      ]) {
        expect((await store.begin(beginRequest({ scope }))).outcome).toBe('started');
      }
      expect(await store.get(SCOPE, 'order-2', T0)).toBeUndefined();
    });

    it('turns an in_progress record past its lease into outcome_unknown', async () => {
      const store = await makeStore();
      await store.begin(beginRequest());
      expect((await store.get(SCOPE, 'order-1', T0 + LEASE_MS))?.state).toBe('in_progress');
      const later = await store.begin(beginRequest({ now: T0 + LEASE_MS + 1 }));
      expect(later.outcome).toBe('existing');
      expect(later.record).toMatchObject({
        state: 'outcome_unknown',
        error: { code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN' },
        unknown_outcome_id: expect.stringMatching(/^uo_[0-9a-f]{24}$/),
        unknown_at: T0 + LEASE_MS + 1,
      });
      expect((await store.get(SCOPE, 'order-1', T0 + LEASE_MS + 2))?.state).toBe('outcome_unknown');
    });

    it('also lets get() find a lapsed lease', async () => {
      const store = await makeStore();
      await store.begin(beginRequest());
      expect((await store.get(SCOPE, 'order-1', T0 + LEASE_MS + 1))?.state).toBe('outcome_unknown');
    });

    it('treats a record past its expiry as absent', async () => {
      const store = await makeStore();
      await store.begin(beginRequest({ ttl_ms: 5_000, lease_ms: 1_000 }));
      await store.complete(SCOPE, 'order-1', { id: 'pay_1' });
      expect(await store.get(SCOPE, 'order-1', T0 + 5_001)).toBeUndefined();
      const again = await store.begin(
        beginRequest({ now: T0 + 5_001, payload_digest: OTHER_DIGEST }),
      );
      expect(again).toMatchObject({
        outcome: 'started',
        record: { payload_digest: OTHER_DIGEST, created_at: T0 + 5_001 },
      });
    });

    it('replays a completed result to later callers, and never lapses it', async () => {
      const store = await makeStore();
      await store.begin(beginRequest());
      const result = { id: 'pay_1', amount: 5000, lines: [{ sku: 'a' }] };
      await store.complete(SCOPE, 'order-1', result);
      result.amount = 1;
      const later = await store.begin(beginRequest({ now: T0 + LEASE_MS * 10 }));
      expect(later).toMatchObject({
        outcome: 'existing',
        record: {
          state: 'completed',
          result: { id: 'pay_1', amount: 5000, lines: [{ sku: 'a' }] },
        },
      });
      expect(later.record.error).toBeUndefined();
    });

    it('replays a final failure with its error', async () => {
      const store = await makeStore();
      await store.begin(beginRequest());
      const error = new DlxError('DLX_E_VENDOR_PERMANENT', 'card declined', {
        vendorCode: 'card_declined',
      }).toJSON();
      await store.fail(SCOPE, 'order-1', error);
      const later = await store.begin(beginRequest({ now: T0 + 10 }));
      expect(later).toMatchObject({ outcome: 'existing', record: { state: 'failed', error } });
      expect(await store.get(SCOPE, 'order-1', T0 + 10)).toMatchObject({ state: 'failed', error });
    });

    it('records an unknown outcome with its error', async () => {
      const store = await makeStore();
      await store.begin(beginRequest());
      const error = new DlxError(
        'DLX_E_RUNTIME_OUTCOME_UNKNOWN',
        'socket reset after send',
      ).toJSON();
      const id = await store.markUnknown(SCOPE, 'order-1', error, T0 + 5);
      expect(id).toMatch(/^uo_[0-9a-f]{24}$/);
      expect(await store.get(SCOPE, 'order-1', T0 + 10)).toMatchObject({
        state: 'outcome_unknown',
        error,
        unknown_outcome_id: id,
        unknown_at: T0 + 5,
      });
    });

    it('lets a released key begin again', async () => {
      const store = await makeStore();
      await store.begin(beginRequest());
      await store.release(SCOPE, 'order-1');
      expect(await store.get(SCOPE, 'order-1', T0 + 1)).toBeUndefined();
      expect((await store.begin(beginRequest({ now: T0 + 2 }))).outcome).toBe('started');
    });

    it('starts exactly one of 20 concurrent begins for the same key', async () => {
      const store = await makeStore();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.begin(beginRequest({ now: T0 + i }))),
      );
      expect(results.filter((r) => r.outcome === 'started')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'existing')).toHaveLength(19);
    });
  });
  unknownOutcomeStoreContract(makeStore);
}
