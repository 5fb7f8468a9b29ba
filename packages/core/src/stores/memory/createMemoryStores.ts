import type { AuditChainKey } from '../../audit/auditChainKey';
import type { GovernanceStores } from '../stores';
import { MemoryApprovalStore } from './memoryApprovalStore';
import { MemoryAuditStore } from './memoryAuditStore';
import { MemoryCallLinkStore } from './memoryCallLinkStore';
import { MemoryEventOutboxStore } from './memoryEventOutboxStore';
import { MemoryIdempotencyStore } from './memoryIdempotencyStore';
import { MemorySyncStateStore } from './memorySyncStateStore';

/** The in-memory stores, typed by class so tests can reach exportRecords() on the audit log. */
export interface MemoryStores extends GovernanceStores {
  audit: MemoryAuditStore;
  idempotency: MemoryIdempotencyStore;
  approvals: MemoryApprovalStore;
  syncState: MemorySyncStateStore;
  outbox: MemoryEventOutboxStore;
  callLinks: MemoryCallLinkStore;
}

/**
 * A fresh set of in-memory stores: for tests and the sandbox; nothing survives the process.
 * `auditKey` keys the audit chain (default: a random key of this store's own).
 */
export function createMemoryStores(options: { auditKey?: AuditChainKey } = {}): MemoryStores {
  return {
    audit: new MemoryAuditStore(options.auditKey ? { key: options.auditKey } : {}),
    idempotency: new MemoryIdempotencyStore(),
    approvals: new MemoryApprovalStore(),
    syncState: new MemorySyncStateStore(),
    outbox: new MemoryEventOutboxStore(),
    callLinks: new MemoryCallLinkStore(),
  };
}
