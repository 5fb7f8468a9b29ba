import type { SerializedDlxError } from '../../errors/dlxError';
import type {
  BeginRequest,
  BeginResult,
  IdempotencyRecord,
  IdempotencyScope,
  IdempotencyStore,
  LeaseHolder,
  RerunRequest,
  ResolveRequest,
  ResolveResult,
  UnknownOutcomeQuery,
  UnresolvedCount,
} from '../idempotencyStore';
import {
  applyLeaseExpiry,
  asUnknownOutcome,
  isIdempotencyRecordExpired,
  isOrphanedLease,
  isUnresolvedUnknownOutcome,
  leaseLapsedError,
  matchesUnknownOutcomeQuery,
} from './idempotencyLease';
import {
  completedRecord,
  failedRecord,
  rerunRecord,
  resolvedRecord,
  startedRecord,
} from './idempotencyTransitions';
import { storedCopy } from './storedCopy';

/**
 * Idempotency records in memory. Each method runs to completion without yielding, so `begin`
 * is an atomic insert-if-absent within the process.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();

  async begin(req: BeginRequest): Promise<BeginResult> {
    const id = recordId(req.scope, req.key);
    const existing = this.readId(id, req.now);
    if (existing !== undefined) return { outcome: 'existing', record: storedCopy(existing) };
    this.records.set(id, startedRecord(req));
    // Only strings and numbers: a second fresh record is the caller's copy (cheaper than spreads).
    return { outcome: 'started', record: startedRecord(req) };
  }

  async rerun(req: RerunRequest): Promise<boolean> {
    const record = this.read(req.scope, req.key, req.now);
    if (record?.state !== 'outcome_unknown') return false;
    this.records.set(recordId(req.scope, req.key), rerunRecord(record, req));
    return true;
  }

  async complete(scope: IdempotencyScope, key: string, result: unknown): Promise<void> {
    const id = recordId(scope, key);
    const stored = this.records.get(id);
    if (stored !== undefined) this.records.set(id, completedRecord(stored, storedCopy(result)));
  }

  async fail(scope: IdempotencyScope, key: string, error: SerializedDlxError): Promise<void> {
    this.settle(scope, key, (record) => failedRecord(record, storedCopy(error)));
  }

  async markUnknown(
    scope: IdempotencyScope,
    key: string,
    error: SerializedDlxError,
    now: number,
  ): Promise<string | undefined> {
    let id: string | undefined;
    this.settle(scope, key, (record) => {
      const unknown = asUnknownOutcome(record, now, storedCopy(error));
      id = unknown.unknown_outcome_id;
      return unknown;
    });
    return id;
  }

  async release(scope: IdempotencyScope, key: string): Promise<void> {
    this.records.delete(recordId(scope, key));
  }

  async get(
    scope: IdempotencyScope,
    key: string,
    now: number,
  ): Promise<IdempotencyRecord | undefined> {
    const record = this.read(scope, key, now);
    return record === undefined ? undefined : storedCopy(record);
  }

  async listUnknownOutcomes(
    tenant: string,
    now: number,
    query: UnknownOutcomeQuery = {},
  ): Promise<IdempotencyRecord[]> {
    const found: IdempotencyRecord[] = [];
    for (const stored of [...this.records.values()]) {
      if (stored.scope.tenant !== tenant) continue;
      const record = this.read(stored.scope, stored.key, now);
      if (record !== undefined && matchesUnknownOutcomeQuery(record, query)) {
        found.push(storedCopy(record));
      }
    }
    return found.sort((a, b) => (a.unknown_at ?? 0) - (b.unknown_at ?? 0));
  }

  async getUnknownOutcome(
    tenant: string,
    id: string,
    now: number,
  ): Promise<IdempotencyRecord | undefined> {
    const stored = this.findUnknown(tenant, id);
    const record = stored && this.read(stored.scope, stored.key, now);
    return record === undefined ? undefined : storedCopy(record);
  }

  async resolveUnknownOutcome(req: ResolveRequest): Promise<ResolveResult> {
    const stored = this.findUnknown(req.tenant, req.unknown_outcome_id);
    if (stored === undefined) return { outcome: 'not_found' };
    if (stored.state !== 'outcome_unknown') {
      return { outcome: 'not_unknown', record: storedCopy(stored) };
    }
    const next = resolvedRecord(stored, storedCopy(req));
    this.records.set(recordId(stored.scope, stored.key), next);
    return { outcome: 'resolved', record: storedCopy(next) };
  }

  async countUnresolvedUnknownOutcomes(now: number): Promise<UnresolvedCount[]> {
    const counts = new Map<string, UnresolvedCount>();
    for (const stored of [...this.records.values()]) {
      const record = this.read(stored.scope, stored.key, now);
      if (record === undefined || !isUnresolvedUnknownOutcome(record)) continue;
      const id = JSON.stringify([record.scope.tenant, record.scope.connector]);
      const count = counts.get(id) ?? {
        tenant: record.scope.tenant,
        connector: record.scope.connector,
        count: 0,
      };
      count.count++;
      counts.set(id, count);
    }
    return [...counts.values()];
  }

  async convertOrphanedLeases(current: LeaseHolder, now: number): Promise<number> {
    let converted = 0;
    for (const [id, record] of this.records) {
      if (!isOrphanedLease(record, current)) continue;
      this.records.set(id, asUnknownOutcome(record, now, leaseLapsedError('host_restarted')));
      converted++;
    }
    return converted;
  }

  async pruneExpired(now: number): Promise<number> {
    let pruned = 0;
    for (const [id, record] of this.records) {
      if (!isIdempotencyRecordExpired(record, now)) continue;
      this.records.delete(id);
      pruned++;
    }
    return pruned;
  }

  /** The live record at `now`, pruning an expired one and persisting a lapsed lease. */
  private read(scope: IdempotencyScope, key: string, now: number): IdempotencyRecord | undefined {
    return this.readId(recordId(scope, key), now);
  }

  private readId(id: string, now: number): IdempotencyRecord | undefined {
    const stored = this.records.get(id);
    if (stored === undefined) return undefined;
    if (isIdempotencyRecordExpired(stored, now)) {
      this.records.delete(id);
      return undefined;
    }
    const current = applyLeaseExpiry(stored, now);
    if (current !== stored) this.records.set(id, current);
    return current;
  }

  private findUnknown(tenant: string, id: string): IdempotencyRecord | undefined {
    for (const record of this.records.values()) {
      if (record.scope.tenant === tenant && record.unknown_outcome_id === id) return record;
    }
    return undefined;
  }

  /**
   * Records the end of a call on whatever record holds the key, even one whose lease lapsed
   * meanwhile: a late but known outcome is better than outcome_unknown. A key that was released
   * or pruned stays absent; there is nothing to settle.
   */
  private settle(
    scope: IdempotencyScope,
    key: string,
    change: (record: IdempotencyRecord) => IdempotencyRecord,
  ): void {
    const id = recordId(scope, key);
    const stored = this.records.get(id);
    if (stored !== undefined) this.records.set(id, change(stored));
  }
}

/**
 * Scope and key joined without ambiguity: each part but the last is prefixed with its length,
 * so no separator can be forged from inside a part (and it costs far less than JSON).
 */
function recordId(scope: IdempotencyScope, key: string): string {
  const { tenant, connector, operation } = scope;
  return `${tenant.length}:${tenant}${connector.length}:${connector}${operation.length}:${operation}${key}`;
}
