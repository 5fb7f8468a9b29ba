import type { BeginRequest, IdempotencyScope, LeaseHolder } from '../idempotencyStore';

// Shared by the idempotency store contracts.
export const T0 = 1_700_000_000_000;
export const LEASE_MS = 30_000;
export const TTL_MS = 86_400_000;
export const SCOPE: IdempotencyScope = {
  tenant: 'acme',
  connector: 'stripe',
  operation: 'create_payment',
};
export const DIGEST = `sha256:${'a'.repeat(64)}`;
export const OTHER_DIGEST = `sha256:${'b'.repeat(64)}`;
export const HOLDER: LeaseHolder = { host_id: 'host-a', boot_id: 'boot-1' };

export function beginRequest(overrides: Partial<BeginRequest> = {}): BeginRequest {
  return {
    scope: SCOPE,
    key: 'order-1',
    payload_digest: DIGEST,
    idempotent: false,
    now: T0,
    lease_ms: LEASE_MS,
    ttl_ms: TTL_MS,
    holder: HOLDER,
    ...overrides,
  };
}
