import { auditEventFixture } from '@dealix/connector-core/testing';
import type { HostStores } from '../hostStores';
import type { CrossStoreWrites } from '@dealix/connector-core';
import { CROSS_SCOPE, CROSS_T0, appendAndComplete, beginKey, keyState } from './crossStoreCalls';

/** Stores of a backend whose audit log counts its groups, with CrossStoreWrites. */
type JointHostStores = HostStores & { crossStore: CrossStoreWrites };

/**
 * What CrossStoreWrites.appendAndComplete does on every backend of the host (SQLite, PostgreSQL):
 * group commit kept, and a refused completion writing neither. Each backend's test file adds
 * its own atomicity cases (a database that fails the group's insert).
 */
export function crossStoreWritesContract(open: () => Promise<JointHostStores>): void {
  describe('CrossStoreWrites.appendAndComplete contract', () => {
    it('commits the calls of one turn as one group, with plain appends beside them', async () => {
      const stores = await open();
      for (const key of ['k1', 'k2', 'k3']) await beginKey(stores, key);
      const before = await stores.audit.groupCommitStats();
      const records = await Promise.all([
        appendAndComplete(stores, 1, 'k1', { n: 1 }),
        stores.audit.append(auditEventFixture(2)),
        appendAndComplete(stores, 3, 'k2', { n: 2 }),
        appendAndComplete(stores, 4, 'k3', { n: 3 }),
        stores.audit.append(auditEventFixture(5)),
      ]);
      expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
      const after = await stores.audit.groupCommitStats();
      expect(after.transactions - before.transactions).toBe(1);
      expect(after.records - before.records).toBe(5);
      for (const [key, n] of [
        ['k1', 1],
        ['k2', 2],
        ['k3', 3],
      ] as const) {
        expect(await stores.idempotency.get(CROSS_SCOPE, key, CROSS_T0 + 1)).toMatchObject({
          state: 'completed',
          result: { n },
        });
      }
      expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 5 });
    });

    it('writes neither when the key result cannot be stored, and the rest of the turn lands', async () => {
      const stores = await open();
      await beginKey(stores, 'bad');
      await beginKey(stores, 'good');
      // A BigInt has no JSON form: complete() refuses it the same way.
      const [refused, landed, plain] = await Promise.allSettled([
        appendAndComplete(stores, 1, 'bad', { amount: 10n }),
        appendAndComplete(stores, 2, 'good', { id: 'pay_2' }),
        stores.audit.append(auditEventFixture(3)),
      ]);
      expect(refused.status).toBe('rejected');
      expect((refused as PromiseRejectedResult).reason).toMatchObject({
        code: 'DLX_E_STORE_FAILURE',
        details: { store: 'idempotency', action: 'record a result' },
      });
      expect(landed).toMatchObject({ status: 'fulfilled', value: { seq: 1 } });
      expect(plain).toMatchObject({ status: 'fulfilled', value: { seq: 2 } });
      expect((await stores.audit.list()).map((r) => r.idempotency_key)).toEqual(['good', 'key-3']);
      expect(await stores.audit.verify()).toMatchObject({ ok: true, count: 2 });
      expect(await keyState(stores, 'bad')).toBe('in_progress');
      expect(await keyState(stores, 'good')).toBe('completed');
    });
  });
}
