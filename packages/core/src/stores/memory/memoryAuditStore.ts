import { AuditChainKey } from '../../audit/auditChainKey';
import {
  EMPTY_AUDIT_HEAD,
  chainRecord,
  copyAuditRecord,
  verifyAuditChain,
  type AuditChainFormat,
} from '../../audit/hashChain';
import type {
  AuditEventInput,
  AuditHead,
  AuditQuery,
  AuditRecord,
  AuditStore,
  AuditVerifyResult,
} from '../auditStore';
import { deepFreeze, storedCopy } from './storedCopy';

/**
 * The audit log in memory, chained by core's hashChain like every other store. Records live
 * only as long as the process: use it for tests and the sandbox, not for production audit.
 */
export class MemoryAuditStore implements AuditStore {
  private records: AuditRecord[] = [];
  /** Keyed from the first record: a memory log has no legacy records. */
  private readonly format: AuditChainFormat;

  /** `key`: the chain's key (default: a random one, kept only by this store). */
  constructor(options: { key?: AuditChainKey } = {}) {
    this.format = { keyedFromSeq: 1, key: options.key ?? AuditChainKey.random() };
  }

  async append(event: AuditEventInput): Promise<AuditRecord> {
    // chainRecord re-parses the payload from canonical JSON, so nobody else holds it: freeze it
    // and hand out a shallow copy, which is enough to keep the stored record unchangeable.
    const record = chainRecord(this.records.at(-1), event, this.format);
    deepFreeze(record.payload);
    this.records.push(record);
    return copyAuditRecord(record);
  }

  async list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const after = query.after ?? 0;
    const limit = query.limit === undefined ? Infinity : Math.max(0, Math.floor(query.limit));
    const found: AuditRecord[] = [];
    for (const record of this.records) {
      if (found.length >= limit) break;
      if (record.seq <= after) continue;
      if (query.tenant !== undefined && record.tenant !== query.tenant) continue;
      found.push(storedCopy(record));
    }
    return found;
  }

  async verify(): Promise<AuditVerifyResult> {
    return verifyAuditChain(this.records, this.format);
  }

  async head(): Promise<AuditHead> {
    const last = this.records.at(-1);
    return last === undefined ? { ...EMPTY_AUDIT_HEAD } : { seq: last.seq, hash: last.hash };
  }

  /** Every record in chain order, as copies: a backup, or a way for tests to reach the data. */
  exportRecords(): AuditRecord[] {
    return this.records.map((record) => storedCopy(record));
  }

  /**
   * Replaces the whole log with `records` (a restore from exportRecords()). The records are
   * taken as they are, not checked: call verify() afterwards to know whether the restored chain
   * is intact. Later appends continue from the last imported record.
   */
  importRecords(records: Iterable<AuditRecord>): void {
    this.records = [...records].map((record) => storedCopy(record));
  }
}
