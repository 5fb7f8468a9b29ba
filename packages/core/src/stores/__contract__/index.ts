export { approvalStoreContract } from './approvalStoreContract';
export {
  auditEventFixture,
  auditStoreContract,
  tamperByExportImport,
  type AuditTamper,
} from './auditStoreContract';
export { eventOutboxStoreContract } from './eventOutboxStoreContract';
export { idempotencyStoreContract } from './idempotencyStoreContract';
export { syncStateStoreContract } from './syncStateStoreContract';
