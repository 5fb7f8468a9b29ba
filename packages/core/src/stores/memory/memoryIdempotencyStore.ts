import type { SerializedDlxError } from '../../errors/dlxError';
import type {
  BeginRequest,
  BeginResult,
  IdempotencyRecord,
  IdempotencyScope,
  IdempotencyStore,
  LeaseHolder,
  OrphanedLeases,
  RerunRequest,
  ResolveRequest,
  ResolveResult,
  UnknownOutcomeQuery,
  UnresolvedCount,
} from '../idempotencyStore';
import {
  applyLeaseExpiry,
  asUnknownOutcome,
  isHeldBy,
  isIdempotencyRecordExpired,
  isUnresolvedUnknownOutcome,
  matchesUnknownOutcomeQuery,
  orphanedLeaseFate,
} from './idempotencyLease';
import {
  completedRecord,
  failedRecord,
  queuedRecord,
  rerunRecord,
  resolvedRecord,
  startedRecord,
} from './idempotencyTransitions';
import { idempotencyScopeId, scopeMap } from '../idempotencyScopeId';
import { storedCopy } from './storedCopy';

/**
 * Idempotency records in memory. Each method runs to completion without yielding, so `begin`
 * is an atomic insert-if-absent within the process.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  /**
   * Per scope (see idempotencyScopeId), the records by key. Two levels rather than one map of joined ids:
   * a joined id is a new string per lookup, which the map must flatten and hash (about 1 µs per
   * call over a begin and a complete), while the caller's key and a cached scope id are hashed
   * once.
   */
  private readonly scopes = new Map<string, Map<string, IdempotencyRecord>>();

  async begin(req: BeginRequest): Promise<BeginResult> {
    const records = this.scopeRecords(req.scope);
    const existing = this.readIn(records, req.key, req.now);
    if (existing !== undefined) return { outcome: 'existing', record: storedCopy(existing) };
    records.set(req.key, startedRecord(req));
    // Only strings and numbers: a second fresh record is the caller's copy (cheaper than spreads).
    return { outcome: 'started', record: startedRecord(req) };
  }

  async rerun(req: RerunRequest): Promise<boolean> {
    const records = this.scopeRecords(req.scope);
    const record = this.readIn(records, req.key, req.now);
    if (record?.state !== 'outcome_unknown') return false;
    records.set(req.key, rerunRecord(record, req));
    return true;
  }

  async complete(scope: IdempotencyScope, key: string, result: unknown): Promise<void> {
    const records = this.scopes.get(idempotencyScopeId(scope));
    const stored = records?.get(key);
    if (stored !== undefined) records!.set(key, completedRecord(stored, storedCopy(result)));
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

  async markQueued(
    scope: IdempotencyScope,
    key: string,
    holder: LeaseHolder,
    queued: boolean,
  ): Promise<boolean> {
    const records = this.scopes.get(idempotencyScopeId(scope));
    const record = records?.get(key);
    if (record === undefined || !isHeldBy(record, holder)) return false;
    records!.set(key, queuedRecord(record, queued));
    return true;
  }

  async release(scope: IdempotencyScope, key: string): Promise<void> {
    this.scopes.get(idempotencyScopeId(scope))?.delete(key);
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
    for (const stored of this.allRecords()) {
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
    this.scopeRecords(stored.scope).set(stored.key, next);
    return { outcome: 'resolved', record: storedCopy(next) };
  }

  async countUnresolvedUnknownOutcomes(now: number): Promise<UnresolvedCount[]> {
    const counts = new Map<string, UnresolvedCount>();
    for (const stored of this.allRecords()) {
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

  async convertOrphanedLeases(current: LeaseHolder, now: number): Promise<OrphanedLeases> {
    const found: OrphanedLeases = { unknown: 0, released: 0 };
    for (const records of this.scopes.values()) {
      for (const [key, record] of records) {
        const fate = orphanedLeaseFate(record, current, now);
        if (fate === undefined) continue;
        if (fate === 'release') {
          records.delete(key);
          found.released++;
        } else {
          records.set(key, fate);
          found.unknown++;
        }
      }
    }
    return found;
  }

  async pruneExpired(now: number): Promise<number> {
    let pruned = 0;
    for (const records of this.scopes.values()) {
      for (const [key, record] of records) {
        if (!isIdempotencyRecordExpired(record, now)) continue;
        records.delete(key);
        pruned++;
      }
    }
    return pruned;
  }

  /** The live record at `now`, pruning an expired one and persisting a lapsed lease. */
  private read(scope: IdempotencyScope, key: string, now: number): IdempotencyRecord | undefined {
    const records = this.scopes.get(idempotencyScopeId(scope));
    return records === undefined ? undefined : this.readIn(records, key, now);
  }

  private readIn(
    records: Map<string, IdempotencyRecord>,
    key: string,
    now: number,
  ): IdempotencyRecord | undefined {
    const stored = records.get(key);
    if (stored === undefined) return undefined;
    if (isIdempotencyRecordExpired(stored, now)) {
      records.delete(key);
      return undefined;
    }
    const current = applyLeaseExpiry(stored, now);
    if (current !== stored) records.set(key, current);
    return current;
  }

  /** The records of `scope`, a map made on its first record. */
  private scopeRecords(scope: IdempotencyScope): Map<string, IdempotencyRecord> {
    return scopeMap(this.scopes, scope);
  }

  /** Every record, as a list (callers may change the maps while they go through it). */
  private allRecords(): IdempotencyRecord[] {
    const all: IdempotencyRecord[] = [];
    for (const records of this.scopes.values())
      for (const record of records.values()) all.push(record);
    return all;
  }

  private findUnknown(tenant: string, id: string): IdempotencyRecord | undefined {
    for (const records of this.scopes.values()) {
      for (const record of records.values()) {
        if (record.scope.tenant === tenant && record.unknown_outcome_id === id) return record;
      }
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
    const records = this.scopes.get(idempotencyScopeId(scope));
    const stored = records?.get(key);
    if (stored !== undefined) records!.set(key, change(stored));
  }
}
