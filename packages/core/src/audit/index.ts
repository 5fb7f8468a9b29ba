export {
  EMPTY_AUDIT_HEAD,
  GENESIS_HASH,
  LEGACY_AUDIT_FORMAT,
  AuditChainVerifier,
  chainCanonicalRecord,
  chainRecord,
  hashAuditRecord,
  normalizeAuditEvent,
  normalizeAuditEventAndText,
  sealAuditChainFormat,
  verifyAuditChain,
  type AuditChainFormat,
} from './hashChain';
export { AUDIT_KEY_VARIABLE, AuditChainKey } from './auditChainKey';
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
