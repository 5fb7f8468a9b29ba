// @dealix/connector-core/stores: what a store implementation needs and nothing heavier (no
// loader, HTTP client, metrics or zod): coded errors, the audit chain, and the record rules
// every store shares. The host's store worker thread loads it in tens of milliseconds, where
// the main entry takes about half a second and a copy of every dependency.
export * from '../errors/errorKinds';
export * from '../errors/registry';
export * from '../errors/dlxError';
export {
  EMPTY_AUDIT_HEAD,
  GENESIS_HASH,
  LEGACY_AUDIT_FORMAT,
  AuditChainVerifier,
  chainCanonicalRecord,
  chainRecord,
  normalizeAuditEvent,
  normalizeAuditEventAndText,
  sealAuditChainFormat,
  verifyAuditChain,
  type AuditChainFormat,
} from '../audit/hashChain';
export { AUDIT_KEY_VARIABLE, AuditChainKey } from '../audit/auditChainKey';
export { canonicalJson } from '../digest/canonicalJson';
export {
  applyLeaseExpiry,
  asUnknownOutcome,
  isIdempotencyRecordExpired,
  isOrphanedLease,
  orphanedLeaseFate,
  isUnsent,
  leaseLapsedError,
  matchesUnknownOutcomeQuery,
} from './memory/idempotencyLease';
export {
  completedRecord,
  failedRecord,
  queuedRecord,
  rerunRecord,
  resolvedRecord,
  startedRecord,
} from './memory/idempotencyTransitions';
export { APPROVAL_PATCH_FIELDS } from './memory/memoryApprovalStore';
export { applySyncStateUpdate } from './memory/memorySyncStateStore';
export {
  MAX_OUTBOX_CURSOR_LENGTH,
  countingCursor,
  invalidOutboxCursor,
  parseCountingCursor,
} from './outboxCursor';
export type * from './auditStore';
export type * from './idempotencyStore';
export type * from './approvalStore';
export type * from './syncStateStore';
export type * from './eventOutboxStore';
export type * from './callLinkStore';
export type * from './stores';
export type { HealthStatus } from '../contract/types';
