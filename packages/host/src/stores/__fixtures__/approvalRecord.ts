import type { ApprovalRecord } from '@dealix/connector-core';

/** A pending approval request of tenant acme, requested at `requestedAt`. */
export function pendingApproval(id: string, requestedAt: number): ApprovalRecord {
  return {
    id,
    tenant: 'acme',
    connector: 'stripe',
    operation: 'refund_payment',
    payload_digest: 'sha256:cc',
    payload_preview: { amount: 5000 },
    requested_by: 'ops-token',
    requested_at: requestedAt,
    expires_at: requestedAt + 3_600_000,
    status: 'pending',
    correlation_id: 'corr-1',
  };
}
