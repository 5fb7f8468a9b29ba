import type { ApprovalStore } from './approvalStore';
import type { AuditEventInput, AuditRecord, AuditStore } from './auditStore';
import type { CallLinkStore } from './callLinkStore';
import type { EventOutboxStore } from './eventOutboxStore';
import type { IdempotencyScope, IdempotencyStore } from './idempotencyStore';
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
  /**
   * Writes to two of these stores in one transaction, offered by stores that share one
   * database (the host's SQLite and PostgreSQL stores). Without it the runtime writes the
   * same records one after the other.
   */
  crossStore?: CrossStoreWrites;
}

/** A key's result, recorded as IdempotencyStore.complete records it. */
export interface KeyCompletion {
  scope: IdempotencyScope;
  key: string;
  result: unknown;
}

/** Writes that span two stores and commit together. */
export interface CrossStoreWrites {
  /**
   * Appends `event` (as AuditStore.append) and records `completion` (as
   * IdempotencyStore.complete) in one transaction: both are durable or neither is. Written
   * one after the other, a crash between them leaves a success in the audit trail whose key
   * turns outcome_unknown at restart (and, for a call that may run again, a second success
   * record). Rejects, having written neither, when either write is refused, with the refused
   * write's own error (a refused completion as IdempotencyStore.complete would refuse it: a
   * DLX_E_STORE_FAILURE with `details.store: "idempotency"`); resolves with the appended record
   * once the transaction committed.
   */
  appendAndComplete(event: AuditEventInput, completion: KeyCompletion): Promise<AuditRecord>;
}
