export { createMemoryStores, type MemoryStores } from './createMemoryStores';
export {
  applyLeaseExpiry,
  asUnknownOutcome,
  isIdempotencyLeaseLapsed,
  isHeldBy,
  isIdempotencyRecordExpired,
  isOrphanedLease,
  orphanedLeaseFate,
  isUnresolvedUnknownOutcome,
  isUnsent,
  leaseLapsedError,
  matchesUnknownOutcomeQuery,
  newUnknownOutcomeId,
} from './idempotencyLease';
export {
  completedRecord,
  failedRecord,
  queuedRecord,
  rerunRecord,
  resolvedRecord,
  startedRecord,
} from './idempotencyTransitions';
export { APPROVAL_PATCH_FIELDS, MemoryApprovalStore } from './memoryApprovalStore';
export { MemoryAuditStore } from './memoryAuditStore';
export { MemoryCallLinkStore } from './memoryCallLinkStore';
export { MemoryEventOutboxStore } from './memoryEventOutboxStore';
export { MemoryIdempotencyStore } from './memoryIdempotencyStore';
export { MemorySyncStateStore, applySyncStateUpdate } from './memorySyncStateStore';
