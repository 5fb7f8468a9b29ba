import {
  normalizeAuditEventAndText,
  type AuditEventInput,
  type AuditHead,
  type AuditQuery,
  type AuditRecord,
  type AuditVerifyResult,
  type KeyCompletion,
} from '@dealix/connector-core/stores';
import { checkStorableAuditEvent } from './auditRows';
import type { HostAuditStore } from './hostStores';
import type { GroupCommitStats } from './tables/auditTable';
import type { StoreWorkerClient } from './worker/storeWorkerClient';

/**
 * The host's audit log as the runtime sees it: a thin proxy to the audit table in the store
 * worker. An append is normalized and checked here, when it is made (later changes by the
 * caller cannot reach it, and an event the table cannot hold is refused alone), then chained
 * in the worker with every append of its batch and committed with them (group commit). It
 * resolves only after COMMIT returned: an acknowledged record is on disk.
 */
export class SqliteAuditStore implements HostAuditStore {
  constructor(private readonly worker: StoreWorkerClient) {}

  append(event: AuditEventInput): Promise<AuditRecord> {
    return this.appendCompleting(event, undefined);
  }

  /**
   * append(), and when `completion` is given, the key's result recorded in the same
   * transaction (CrossStoreWrites.appendAndComplete): both or neither.
   */
  appendCompleting(
    event: AuditEventInput,
    completion: KeyCompletion | undefined,
  ): Promise<AuditRecord> {
    let normalized: AuditEventInput;
    let payloadText: string;
    try {
      ({ event: normalized, payloadText } = normalizeAuditEventAndText(event));
      checkStorableAuditEvent(normalized);
    } catch (err) {
      return Promise.reject(err);
    }
    // The event crosses to the worker in its batch's audit columns (worker/auditColumns.ts),
    // the payload as its canonical text (nothing to walk there: it is hashed and stored as it
    // is); only the chain position comes back, and completes this copy in place.
    return this.worker.appendAudit(normalized, payloadText, completion);
  }

  list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    return this.call('list', query) as Promise<AuditRecord[]>;
  }

  verify(): Promise<AuditVerifyResult> {
    return this.call('verify') as Promise<AuditVerifyResult>;
  }

  head(): Promise<AuditHead> {
    return this.call('head') as Promise<AuditHead>;
  }

  /** The record at `seq`, if the log holds one (to compare with an exported head). */
  recordAt(seq: number): Promise<AuditRecord | undefined> {
    return this.call('recordAt', seq) as Promise<AuditRecord | undefined>;
  }

  /** How many records the log holds. */
  count(): Promise<number> {
    return this.call('count') as Promise<number>;
  }

  /** What group commit has done so far: for metrics, and for tests to see the batching. */
  groupCommitStats(): Promise<GroupCommitStats> {
    return this.call('groupCommitStats') as Promise<GroupCommitStats>;
  }

  private call(method: string, ...args: unknown[]): Promise<unknown> {
    return this.worker.call('audit', method, args);
  }
}
