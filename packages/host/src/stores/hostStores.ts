import type { AuditRecord, AuditStore, GovernanceStores } from '@dealix/connector-core/stores';
import type { GroupCommitStats } from './tables/auditTable';

/** The audit log as the host reads it besides the runtime: for exported heads and counts. */
export interface HostAuditStore extends AuditStore {
  /** The record at `seq`, if the log holds one (to compare with an exported head). */
  recordAt(seq: number): Promise<AuditRecord | undefined>;
  /** How many records the log holds. */
  count(): Promise<number>;
  /** What group commit has done so far in this process: for metrics, and for tests. */
  groupCommitStats(): Promise<GroupCommitStats>;
}

/** The database the host's stores run on. */
export type StoreBackend = 'sqlite' | 'postgres';

/**
 * The stores a host runs on, SQLite (one host) or PostgreSQL (several hosts): the same
 * interfaces either way, so the runtime, the routes and the CLI never ask which.
 */
export interface HostStores extends GovernanceStores {
  audit: HostAuditStore;
  backend: StoreBackend;
  /** The database as logs, reports and errors may show it: a file, or a URL without password. */
  database: string;
  /**
   * Finishes the calls already made (writes committed and answered), then closes the database.
   * Safe to call twice; later calls reject with DLX_E_STORE_FAILURE.
   */
  close(): Promise<void>;
}
