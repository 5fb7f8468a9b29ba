import {
  DlxError,
  isDlxError,
  type AuditEventInput,
  type SerializedDlxError,
} from '@dealix/connector-core/stores';
import type { Database } from 'better-sqlite3';
import { auditEventFromEntry } from '../auditEntry';
import { checkStorableAuditEvent } from '../auditRows';
import { asStoreFailure } from '../storeFailure';
import { HASH_LENGTH } from './auditColumns';
import { unknownCall, type ReceivedCall } from './callBatch';
import {
  STORE_METHODS,
  type Access,
  type AppendedCalls,
  type AuditGroupEnd,
  type CallOutcome,
  type FromWorker,
  type StoreCall,
} from './protocol';
import type { AppendedGroup, AuditLink } from '../tables/auditTable';
import type { StoreTables } from './storeTables';

interface DecodedCall {
  id: number;
  store: StoreCall['store'];
  method: string;
  access: Access;
  args: unknown[];
}

/** What a batch answers: its reads first (if any), then, always and last, its settlement. */
export type BatchAnswer = Extract<FromWorker, { kind: 'outcomes' | 'settled' }>;
type Settled = Extract<FromWorker, { kind: 'settled' }>;

/** Thrown inside the batch transaction when SQLite rolled all of it back (disk full, I/O). */
class TransactionLost extends Error {
  constructor(readonly failure: unknown) {
    super('the batch transaction was rolled back by the database');
  }
}

/** A rider whose arguments could not be read, and why. */
interface UnreadableRider {
  call: ReceivedCall;
  error: unknown;
}

/** A batch's calls sorted for running: its reads' outcomes, its writes and its appends. */
interface PlannedBatch {
  reads: CallOutcome[];
  writes: DecodedCall[];
  appends: DecodedCall[];
  /**
   * Writes that ride with an append (by the append's id): see appendGroup(). One whose
   * arguments could not be read still refuses its append.
   */
  riders: Map<number, DecodedCall | UnreadableRider>;
  /** Whether it carried audit appends (readable or not): its settlement says where the chain is. */
  carriedAppends: boolean;
  settled?: Settled;
  /** Whether the audit table hashed any append of its group itself (see AuditLink). */
  rehashed?: boolean;
}

/**
 * Runs the batches the store worker received together (each as the host thread sent it; more
 * than one when they queued while the last commit ran):
 *
 * 1. reads, at once, from what is committed; answered before any write starts;
 * 2. the writes of every batch, in ONE `BEGIN IMMEDIATE` transaction (one fsync under
 *    synchronous=FULL for all of them: group commit for every store), each in its own savepoint
 *    so one refused call takes nothing else with it; each batch's audit appends chained
 *    together as one group on the head; answered only after COMMIT returned, so nothing is
 *    acknowledged before it is durable. If BEGIN or COMMIT fails, every write fails and none
 *    is written;
 * 3. for each batch, in order and last, a `settled` answer (its writes' outcomes, possibly
 *    none; a batch of reads alone, its reads), so the host thread knows the batch is done (its
 *    window of batches in flight: batchesInFlight.ts), and, when the batch carried audit
 *    appends, where it left the chain (AuditGroupEnd).
 */
export class BatchRunner {
  private readonly inSavepoint: (run: () => unknown) => unknown;

  constructor(
    private readonly db: Database,
    private readonly tables: StoreTables,
  ) {
    // Called inside the batch transaction, better-sqlite3 makes this a SAVEPOINT.
    this.inSavepoint = db.transaction((run: () => unknown) => run());
  }

  run(batches: readonly (readonly ReceivedCall[])[], answer: (answer: BatchAnswer) => void): void {
    const planned = batches.map((calls) => this.plan(calls));
    const writing = planned.filter((batch) => batch.writes.length + batch.appends.length > 0);
    // The reads answer before the write transaction starts (it may wait for the lock).
    for (const batch of writing) {
      if (batch.reads.length > 0) answer({ kind: 'outcomes', outcomes: batch.reads });
    }
    if (writing.length > 0) this.commitWrites(writing);
    for (const batch of planned) {
      const settled = batch.settled ?? { kind: 'settled', outcomes: batch.reads };
      if (batch.carriedAppends) settled.audit = this.groupEnd(batch, settled);
      answer(settled);
    }
  }

  /** Sorts a batch's calls; runs its reads. */
  private plan(calls: readonly ReceivedCall[]): PlannedBatch {
    const batch: PlannedBatch = {
      reads: [],
      writes: [],
      appends: [],
      riders: new Map(),
      carriedAppends: false,
    };
    for (const call of calls) {
      const isAppend = call.store === 'audit' && call.method === 'append';
      if (isAppend) batch.carriedAppends = true;
      let decoded: DecodedCall;
      try {
        decoded = decode(call);
      } catch (error) {
        if (call.ridesWith !== undefined) batch.riders.set(call.ridesWith, { call, error });
        else batch.reads.push(failed(call, error));
        continue;
      }
      if (decoded.access === 'read') batch.reads.push(this.invoke(decoded));
      else if (isAppend) batch.appends.push(decoded);
      else if (call.ridesWith !== undefined) batch.riders.set(call.ridesWith, decoded);
      else batch.writes.push(decoded);
    }
    return batch;
  }

  /**
   * Where the batch left the chain: as chained if every append landed on its link; the end
   * from the committed group, or read (a failed group: the head it left untouched).
   */
  private groupEnd(batch: PlannedBatch, settled: Settled): AuditGroupEnd {
    const { appended } = settled;
    const sent = batch.appends.length;
    if (appended !== undefined && appended.ids.length === sent && sent > 0) {
      const end = { seq: appended.firstSeq + sent - 1, hash: appended.hashes.slice(-HASH_LENGTH) };
      return { asChained: batch.rehashed !== true, end };
    }
    try {
      return { asChained: false, end: this.tables.audit.head() };
    } catch {
      return { asChained: false };
    }
  }

  /** Every batch's writes in one transaction; each batch gets its `settled` answer. */
  private commitWrites(batches: PlannedBatch[]): void {
    let committed = 0;
    try {
      this.db
        .transaction(() => {
          for (const batch of batches) {
            const outcomes: CallOutcome[] = [];
            for (const call of batch.writes) {
              const outcome = this.invoke(call, this.inSavepoint);
              if (!outcome.ok && !this.db.inTransaction) throw new TransactionLost(outcome.error);
              outcomes.push(outcome);
            }
            let appended: AppendedCalls | undefined;
            if (batch.appends.length > 0) {
              const group = this.appendGroup(batch.appends, batch.riders);
              if (group.failed.length > 0 && !this.db.inTransaction) {
                throw new TransactionLost(group.failed[0]!.error);
              }
              outcomes.push(...group.failed);
              appended = group.appended;
              batch.rehashed = group.rehashed;
            }
            batch.settled = { kind: 'settled', outcomes, ...(appended && { appended }) };
          }
        })
        .immediate();
    } catch (error) {
      const cause = error instanceof TransactionLost ? error.failure : error;
      const calls = batches.flatMap((batch) => [...batch.writes, ...batch.appends]);
      const failure = asStoreFailure('database', `commit ${calls.length} write(s)`, cause);
      for (const batch of batches) {
        const outcomes = [...batch.writes, ...batch.appends].map((call) => failed(call, failure));
        batch.settled = { kind: 'settled', outcomes };
      }
      return;
    }
    for (const batch of batches) committed += batch.settled?.appended?.ids.length ?? 0;
    if (committed > 0) this.tables.audit.noteCommitted(committed);
  }

  /**
   * The batch's audit appends (each an AuditEntry: see auditEntry.ts) as one chained group in
   * one savepoint. An event the table cannot hold is refused alone first. An append with a
   * rider (a write that must commit with it: CrossStoreWrites) runs the rider first, in a
   * savepoint of its own; a refused rider refuses its append alone, and neither is written.
   * A failure of the group's insert fails the whole group, its riders undone with it.
   */
  private appendGroup(
    appends: DecodedCall[],
    riders: ReadonlyMap<number, DecodedCall | UnreadableRider>,
  ): {
    failed: (CallOutcome & { ok: false })[];
    appended?: AppendedCalls;
    rehashed?: boolean;
  } {
    const failures: (CallOutcome & { ok: false })[] = [];
    const ids: number[] = [];
    const events: AuditEventInput[] = [];
    const links: (AuditLink | undefined)[] = [];
    const gatherAndInsert = (): AppendedGroup | undefined => {
      for (const call of appends) {
        const event = auditEventFromEntry(call.args[0]);
        try {
          checkStorableAuditEvent(event);
        } catch (error) {
          failures.push(failed(call, error));
          continue;
        }
        const rider = riders.get(call.id);
        if (rider !== undefined) {
          const outcome =
            'error' in rider
              ? failed(rider.call, rider.error)
              : this.invoke(rider, this.inSavepoint);
          if (!outcome.ok) {
            if (!this.db.inTransaction) throw new TransactionLost(outcome.error);
            failures.push({ id: call.id, ok: false, error: outcome.error });
            continue;
          }
        }
        ids.push(call.id);
        events.push(event);
        links.push(call.args[1] as AuditLink | undefined);
      }
      if (events.length === 0) return undefined;
      return this.tables.audit.appendGroup(events, links);
    };
    let group: AppendedGroup | undefined;
    try {
      group = this.inSavepoint(gatherAndInsert) as AppendedGroup | undefined;
    } catch (error) {
      if (error instanceof TransactionLost) throw error;
      const shared = serializeStoreError(error, 'audit', 'append');
      for (const id of ids) failures.push({ id, ok: false, error: shared });
      return { failed: failures };
    }
    if (group === undefined) return { failed: failures };
    const appended: AppendedCalls = {
      ids: Float64Array.from(ids),
      firstSeq: group.firstSeq,
      prevHash: group.prevHash,
      hashes: group.hashes.join(''),
    };
    return { failed: failures, appended, rehashed: group.rehashed };
  }

  private invoke(call: DecodedCall, wrap: (run: () => unknown) => unknown = (run) => run()) {
    const table = this.tables[call.store] as unknown as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    try {
      const value = wrap(() => table[call.method]!(...call.args));
      return { id: call.id, ok: true, value } satisfies CallOutcome;
    } catch (error) {
      return failed(call, error);
    }
  }
}

function decode(call: ReceivedCall): DecodedCall {
  const access = (STORE_METHODS[call.store] as Record<string, Access> | undefined)?.[call.method];
  if (access === undefined) throw unknownCall(call.store, call.method);
  if (call.args === undefined) throw call.unreadable;
  return { id: call.id, store: call.store, method: call.method, access, args: call.args };
}

function failed(
  call: { id: number; store: string; method: string },
  error: unknown,
): CallOutcome & { ok: false } {
  return { id: call.id, ok: false, error: serializeStoreError(error, call.store, call.method) };
}

/** A coded error as it crosses the thread boundary: its registry shape, never its cause. */
export function serializeStoreError(
  error: unknown,
  store: string,
  action: string,
): SerializedDlxError {
  const coded = asStoreFailure(store, action, error);
  return isDlxError(coded) ? coded.toJSON() : new DlxError('DLX_E_STORE_FAILURE', action).toJSON();
}
