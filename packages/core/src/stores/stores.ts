import type { ApprovalStore } from './approvalStore';
import type { AuditStore } from './auditStore';
import type { CallLinkStore } from './callLinkStore';
import type { EventOutboxStore } from './eventOutboxStore';
import type { IdempotencyStore } from './idempotencyStore';
import type { SyncStateStore } from './syncStateStore';

/** Everything the runtime persists; the host passes SQLite-backed ones, tests in-memory ones. */
export interface GovernanceStores {
  audit: AuditStore;
  idempotency: IdempotencyStore;
  approvals: ApprovalStore;
  syncState: SyncStateStore;
  outbox: EventOutboxStore;
  /** Which call created each vendor object, for linking webhook events to their calls. */
  callLinks: CallLinkStore;
}
