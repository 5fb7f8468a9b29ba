import type { CrossStoreWrites, IdempotencyStore } from '@dealix/connector-core';
import { auditEventFixture } from '@dealix/connector-core/testing';

/** What the CrossStoreWrites tests of either backend need of its stores. */
interface JointStores {
  idempotency: IdempotencyStore;
  crossStore: CrossStoreWrites;
}

export const CROSS_SCOPE = { tenant: 'acme', connector: 'stripe', operation: 'create_payment' };
/** The time the keys are begun at; read them at a later time. */
export const CROSS_T0 = 1_700_000_000_000;

/** Begins `key` (in progress, held by host-a) as a call would before its vendor call. */
export async function beginKey(stores: JointStores, key: string): Promise<void> {
  const started = await stores.idempotency.begin({
    scope: CROSS_SCOPE,
    key,
    payload_digest: 'sha256:aa',
    idempotent: false,
    holder: { host_id: 'host-a', boot_id: 'boot-1' },
    now: CROSS_T0,
    lease_ms: 30_000,
    ttl_ms: 86_400_000,
  });
  expect(started.outcome).toBe('started');
}

/** The success record `n` of the call under `key`, and `result` under the key, together. */
export function appendAndComplete(stores: JointStores, n: number, key: string, result: unknown) {
  return stores.crossStore.appendAndComplete(
    { ...auditEventFixture(n), idempotency_key: key },
    { scope: CROSS_SCOPE, key, result },
  );
}

/** The key's state now (after CROSS_T0). */
export async function keyState(stores: JointStores, key: string) {
  return (await stores.idempotency.get(CROSS_SCOPE, key, CROSS_T0 + 1))?.state;
}
