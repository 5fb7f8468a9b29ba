import type { Worker } from 'node:worker_threads';
import {
  DlxError,
  reviveDlxError,
  type AuditChainKey,
  type AuditEventInput,
  type AuditRecord,
  type KeyCompletion,
} from '@dealix/connector-core/stores';
import { asStoreFailure } from '../storeFailure';
import { HASH_LENGTH } from './auditColumns';
import { BatchesInFlight } from './batchesInFlight';
import { HostAuditChain } from './hostAuditChain';
import type { AppendedCalls, FromWorker, StoreName, ToWorker } from './protocol';
import { startStoreWorkerThread } from './startStoreWorkerThread';

export interface StoreWorkerOptions {
  file: string;
  auditKey: AuditChainKey;
  /** Told once when the worker stops on its own (a crash): the host logs it. */
  onFailure?: (error: DlxError) => void;
}

interface PendingCall {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** An audit append's record, completed with its chain position once committed. */
  record: AuditEventInput | undefined;
}

/** `closing`: sending what was called before close(); `closed_sent`: all sent, then 'close'. */
type State = 'opening' | 'open' | 'closing' | 'closed_sent' | 'closed' | 'failed';

/**
 * The host thread's side of the store worker. Calls made in one turn of the event loop go to
 * the worker as one message (so concurrent calls land in one batch: one transaction), each
 * with its arguments serialized when it was made; two batches that write may be in flight, and
 * calls made meanwhile wait for one to settle (batchesInFlight.ts). Audit appends are chained
 * here as their batch is sent (hostAuditChain.ts). Answers come back with their registry codes.
 * Should the worker stop on its own, every pending call and every later one fails with
 * DLX_E_STORE_FAILURE (reason `store_worker_stopped`): never a hang. The thread keeps the
 * process alive only while a call is pending.
 */
export class StoreWorkerClient {
  private readonly thread: Worker;
  private readonly pending = new Map<number, PendingCall>();
  private readonly batches = new BatchesInFlight();
  private chain: HostAuditChain | undefined;
  private flushScheduled = false;
  private nextId = 1;
  private state: State = 'opening';
  private failure: DlxError | undefined;
  private lastError: unknown;
  private closed: Promise<void> | undefined;
  private beforeSend: (() => void) | undefined;
  private readonly opened: Promise<void>;
  private readonly exited: Promise<void>;
  private settleOpen!: { resolve: () => void; reject: (error: unknown) => void };

  /** Starts the worker and resolves once it opened (and migrated) the database. */
  static async start(options: StoreWorkerOptions): Promise<StoreWorkerClient> {
    const client = new StoreWorkerClient(options);
    await client.opened;
    return client;
  }

  private constructor(private readonly options: StoreWorkerOptions) {
    this.thread = startStoreWorkerThread({
      file: options.file,
      auditKey: options.auditKey.toBase64(),
    });
    this.opened = new Promise((resolve, reject) => (this.settleOpen = { resolve, reject }));
    this.exited = new Promise((resolve) =>
      this.thread.once('exit', (code) => {
        this.onExit(code);
        resolve();
      }),
    );
    this.thread.on('message', (message: FromWorker) => this.onMessage(message));
    this.thread.on('error', (error) => (this.lastError = error));
  }

  /** `store.method(...args)` in the worker; resolves once the worker answered (after COMMIT for a write). */
  call(store: StoreName, method: string, args: unknown[]): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.state !== 'open') return Promise.reject(closedError(store, method));
    const id = this.nextId++;
    try {
      this.scheduleFlush().forCall().add({ id, store, method }, args);
    } catch (error) {
      return Promise.reject(asStoreFailure(store, method, error));
    }
    return this.pendingCall(id, undefined);
  }

  /**
   * audit.append of `record` (normalized and checked storable by the caller, its own copy),
   * whose payload's canonical text is `payloadText`. Chained when its batch is sent; resolves,
   * once committed, with `record` itself completed in place with its chain position (seq,
   * prev_hash, hash).
   */
  appendAudit(
    record: AuditEventInput,
    payloadText: string,
    completion?: KeyCompletion,
  ): Promise<AuditRecord> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.state !== 'open') return Promise.reject(closedError('audit', 'append'));
    const id = this.nextId++;
    const batch = this.scheduleFlush().forAppend();
    if (completion !== undefined) {
      // The key's completion rides with the append (one transaction, or neither): its outcome
      // is the append's, so nothing waits on the rider's own id.
      const riderId = this.nextId++;
      try {
        batch.add({ id: riderId, store: 'idempotency', method: 'complete' }, [
          completion.scope,
          completion.key,
          completion.result,
        ]);
      } catch (error) {
        return Promise.reject(asStoreFailure('idempotency', 'complete', error));
      }
      batch.addRider(id, riderId);
    }
    batch.addAuditAppend(id, record, payloadText);
    return this.pendingCall(id, record) as Promise<AuditRecord>;
  }

  private pendingCall(id: number, record: AuditEventInput | undefined): Promise<unknown> {
    return new Promise((resolve, reject) => {
      // The thread keeps the process alive while a call is pending (unref'd when none is).
      if (this.pending.size === 0) this.thread.ref();
      this.pending.set(id, { resolve, reject, record });
    });
  }

  /**
   * `hook` runs as each batch is about to be sent (and once more at close()): calls it makes
   * ride in that batch. The sync state writes behind this way (syncStateWriteBehind.ts).
   */
  beforeEachBatch(hook: () => void): void {
    this.beforeSend = hook;
  }

  /**
   * Lets the worker finish every call already made (writes committed and answered), closes the
   * database and waits for the thread to end. Later calls reject with DLX_E_STORE_FAILURE.
   */
  close(): Promise<void> {
    this.closed ??= (async () => {
      if (this.state !== 'open') return;
      this.beforeSend?.();
      this.state = 'closing';
      this.thread.ref();
      this.flush(); // and again as batches settle, until every one is sent, then 'close'
      await this.exited;
    })();
    return this.closed;
  }

  /** The thread, for diagnostics (its threadId in logs) and fault tests. */
  get worker(): Worker {
    return this.thread;
  }

  /** The batches, with a send scheduled for when this turn of the event loop ends. */
  private scheduleFlush(): BatchesInFlight {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return this.batches;
  }

  /** Sends what the window lets go; once closing and all is sent, asks the worker to close. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.state !== 'open' && this.state !== 'closing') return;
    if (this.batches.waiting && this.state === 'open') this.beforeSend?.();
    const chain = this.chain!;
    for (let batch = this.batches.next(chain.canChain); batch;) {
      if (batch.appends > 0) chain.sent();
      const message = { kind: 'calls', batch: batch.take(chain.link) } satisfies ToWorker;
      this.thread.postMessage(message);
      batch = this.batches.next(chain.canChain);
    }
    if (this.state === 'closing' && !this.batches.waiting) {
      this.state = 'closed_sent';
      this.thread.postMessage({ kind: 'close' } satisfies ToWorker);
    }
  }

  private onMessage(message: FromWorker): void {
    if (message.kind === 'ready') {
      this.chain = new HostAuditChain(message.audit, this.options.auditKey);
      this.state = 'open';
      this.thread.unref();
      this.settleOpen.resolve();
      return;
    }
    if (message.kind === 'open_failed') {
      this.settleOpen.reject(reviveDlxError(message.error));
      return;
    }
    for (const outcome of message.outcomes) {
      const call = this.pending.get(outcome.id);
      if (!call) continue;
      this.pending.delete(outcome.id);
      if (outcome.ok) call.resolve(outcome.value);
      else call.reject(reviveDlxError(outcome.error));
    }
    if (message.kind === 'settled') {
      if (message.appended !== undefined) this.settleAppended(message.appended);
      if ((this.batches.settled()?.appends ?? 0) > 0) this.chain!.settled(message.audit);
      // The window has room again: what waited goes with what this answer's callers add.
      if (this.batches.waiting) this.scheduleFlush();
    }
    if (this.pending.size === 0 && this.state === 'open') this.thread.unref();
  }

  /**
   * Each committed append resolves with its record, completed in place with its chain position
   * (see AppendedCalls) in the order a spread would give (as core's chain does).
   */
  private settleAppended({ ids, firstSeq, prevHash, hashes }: AppendedCalls): void {
    let prev = prevHash;
    for (let i = 0; i < ids.length; i++) {
      const hash = hashes.slice(i * HASH_LENGTH, (i + 1) * HASH_LENGTH);
      const call = this.pending.get(ids[i]!);
      if (call !== undefined) {
        this.pending.delete(ids[i]!);
        const record = call.record as AuditRecord;
        record.seq = firstSeq + i;
        record.prev_hash = prev;
        record.hash = hash;
        call.resolve(record);
      }
      prev = hash;
    }
  }

  private onExit(code: number): void {
    const previous = this.state;
    if (previous === 'closed_sent' && code === 0 && this.pending.size === 0) {
      this.state = 'closed';
      return;
    }
    this.state = 'failed';
    const failure = workerStopped(this.options.file, code, this.lastError);
    this.failure = failure;
    this.settleOpen.reject(failure); // a no-op once the open settled
    this.batches.clear();
    for (const call of this.pending.values()) call.reject(failure);
    this.pending.clear();
    // A crash while serving; failures to open or to close are their callers' to report.
    if (previous === 'open') this.options.onFailure?.(failure);
  }
}

function closedError(store: string, method: string): DlxError {
  return new DlxError(
    'DLX_E_STORE_FAILURE',
    `The SQLite ${store} store is closed: ${method} was called after the stores were closed.`,
    { details: { store, action: method, reason: 'stores_closed' } },
  );
}

function workerStopped(file: string, code: number, error: unknown): DlxError {
  const why =
    error instanceof Error ? `${error.name}: ${error.message}` : `exit code ${String(code)}`;
  return new DlxError(
    'DLX_E_STORE_FAILURE',
    `The store worker thread for ${file} stopped (${why}). Calls in flight were not acknowledged; every store call fails until the host restarts.`,
    { details: { store: 'worker', reason: 'store_worker_stopped', exit_code: code } },
  );
}
