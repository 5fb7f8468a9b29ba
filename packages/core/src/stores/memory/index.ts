export { createMemoryStores, type MemoryStores } from './createMemoryStores';
export {
  applyLeaseExpiry,
  isIdempotencyLeaseLapsed,
  isIdempotencyRecordExpired,
  leaseLapsedError,
} from './idempotencyLease';
export { MemoryApprovalStore } from './memoryApprovalStore';
export { MemoryAuditStore } from './memoryAuditStore';
export { MemoryCallLinkStore } from './memoryCallLinkStore';
export { MemoryEventOutboxStore } from './memoryEventOutboxStore';
export { MemoryIdempotencyStore } from './memoryIdempotencyStore';
export { MemorySyncStateStore, applySyncStateUpdate } from './memorySyncStateStore';
