export { approvalStoreContract } from './approvalStoreContract';
export {
  auditEventFixture,
  auditStoreContract,
  CONTRACT_AUDIT_KEY,
  tamperByExportImport,
  type AuditTamper,
} from './auditStoreContract';
export { eventOutboxStoreContract } from './eventOutboxStoreContract';
export { idempotencyStoreContract } from './idempotencyStoreContract';
export { syncStateStoreContract } from './syncStateStoreContract';
