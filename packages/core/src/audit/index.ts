export {
  EMPTY_AUDIT_HEAD,
  GENESIS_HASH,
  chainRecord,
  hashAuditRecord,
  normalizeAuditEvent,
  verifyAuditChain,
} from './hashChain';
export {
  CIRCULAR_MASK,
  PERSONAL_MASK,
  SECRET_MASK,
  TRUNCATED_MASK,
  UNREADABLE_MASK,
  redactError,
  redactPayload,
  type RedactOptions,
  type RestrictedPayload,
} from './redaction';
