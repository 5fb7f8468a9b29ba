import type { Worker } from 'node:worker_threads';
import {
  DlxError,
  EMPTY_AUDIT_HEAD,
  GENESIS_HASH,
  chainCanonicalRecord,
  reviveDlxError,
  type AuditChainFormat,
  type AuditChainKey,
  type AuditEventInput,
  type AuditHead,
  type AuditRecord,
} from '@dealix/connector-core/stores';
import type { AuditLink } from '../tables/auditTable';
import { asStoreFailure } from '../storeFailure';
import { CallBatchWriter } from './callBatch';
import type { AppendedCalls, FromWorker, StoreName, ToWorker } from './protocol';
import { startStoreWorkerThread } from './startStoreWorkerThread';

export interface StoreWorkerOptions {
  file: string;
  auditKey: AuditChainKey;
  /** Told once when the worker stops on its own (a crash): the host logs it. */
  onFailure?: (error: DlxError) => void;
}

/** The length of every chain hash (hex SHA-256 or HMAC-SHA256). */
const HASH_LENGTH = GENESIS_HASH.length;

interface PendingCall {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** An audit append's record, completed with its chain position once committed. */
  record: AuditEventInput | undefined;
}

type State = 'opening' | 'open' | 'closing' | 'closed' | 'failed';

/**
 * The host thread's side of the store worker. Calls made in one turn of the event loop go to
 * the worker as one message (so concurrent calls land in one batch: one transaction), each
 * with its arguments serialized when it was made. Answers come back with their registry codes.
 * Should the worker stop on its own, every pending call and every later one fails with
 * DLX_E_STORE_FAILURE (reason `store_worker_stopped`): never a hang. The thread keeps the
 * process alive only while a call is pending.
 */
export class StoreWorkerClient {
  private readonly thread: Worker;
  private readonly pending = new Map<number, PendingCall>();
  private outgoing: CallBatchWriter | undefined;
  private nextId = 1;
  private state: State = 'opening';
  private failure: DlxError | undefined;
  private lastError: unknown;
  private closed: Promise<void> | undefined;
  private beforeSend: (() => void) | undefined;
  /**
   * Where this thread chains the next audit append: the head as the worker will have it once
   * every append sent so far is committed (see appendAudit), and the chain's format.
   */
  private auditHead: AuditHead = EMPTY_AUDIT_HEAD;
  private auditFormat: AuditChainFormat = { keyedFromSeq: Number.POSITIVE_INFINITY };
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
    const batch = (this.outgoing ??= this.nextBatch());
    try {
      batch.add({ id, store, method }, args);
    } catch (error) {
      return Promise.reject(asStoreFailure(store, method, error));
    }
    return this.pendingCall(id, undefined);
  }

  /**
   * audit.append of `record` (normalized and checked storable by the caller, its own copy),
   * whose payload's canonical text is `payloadText`. Resolves, once committed, with `record`
   * itself completed in place with its chain position (seq, prev_hash, hash).
   */
  appendAudit(record: AuditEventInput, payloadText: string): Promise<AuditRecord> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.state !== 'open') return Promise.reject(closedError('audit', 'append'));
    const id = this.nextId++;
    const link = this.chainAppend(record, payloadText);
    (this.outgoing ??= this.nextBatch()).addAuditAppend(id, record, payloadText, link);
    return this.pendingCall(id, record) as Promise<AuditRecord>;
  }

  /**
   * Hashes an append onto this thread's head (the keyed chain is sequential: each hash covers
   * the one before it), so the worker, through which every commit passes one after another,
   * only inserts and commits. The worker takes the hash only if the record lands exactly there (see
   * AuditLink); if it does not (a failed commit, another writer), it hashes the records itself
   * and this thread restarts from the head it reports (settleAppended).
   */
  private chainAppend(record: AuditEventInput, payloadText: string): AuditLink | undefined {
    const head = this.auditHead;
    const seq = head.seq + 1;
    if (seq < this.auditFormat.keyedFromSeq) return undefined;
    try {
      const { hash } = chainCanonicalRecord(head, record, payloadText, this.auditFormat);
      this.auditHead = { seq, hash };
      return { seq, prevHash: head.hash, hash };
    } catch {
      return undefined; // the worker hashes it, or refuses it with the cause
    }
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
      this.flush();
      this.thread.ref();
      this.thread.postMessage({ kind: 'close' } satisfies ToWorker);
      await this.exited;
    })();
    return this.closed;
  }

  /** The thread, for diagnostics (its threadId in logs) and fault tests. */
  get worker(): Worker {
    return this.thread;
  }

  /** A batch for this turn of the event loop, sent when the turn ends. */
  private nextBatch(): CallBatchWriter {
    setImmediate(() => this.flush());
    return new CallBatchWriter();
  }

  private flush(): void {
    if (this.outgoing !== undefined && this.state === 'open') this.beforeSend?.();
    const batch = this.outgoing;
    this.outgoing = undefined;
    if (batch === undefined || batch.size === 0) return;
    this.thread.postMessage({ kind: 'calls', batch: batch.take() } satisfies ToWorker);
  }

  private onMessage(message: FromWorker): void {
    if (message.kind === 'ready') {
      this.auditHead = message.audit.head;
      this.auditFormat = { keyedFromSeq: message.audit.keyedFromSeq, key: this.options.auditKey };
      this.state = 'open';
      this.thread.unref();
      this.settleOpen.resolve();
    } else if (message.kind === 'open_failed') {
      this.settleOpen.reject(reviveDlxError(message.error));
    } else {
      for (const outcome of message.outcomes) {
        const call = this.pending.get(outcome.id);
        if (!call) continue;
        this.pending.delete(outcome.id);
        if (outcome.ok) call.resolve(outcome.value);
        else call.reject(reviveDlxError(outcome.error));
      }
      if (message.appended !== undefined) this.settleAppended(message.appended);
      if (this.pending.size === 0 && this.state === 'open') this.thread.unref();
    }
  }

  /**
   * Each committed append resolves with its record, completed in place with its chain position
   * (see AppendedCalls) in the order a spread would give (as core's chain does).
   */
  private settleAppended({ ids, firstSeq, prevHash, hashes, rehashed }: AppendedCalls): void {
    if (rehashed) {
      this.auditHead = { seq: firstSeq + ids.length - 1, hash: hashes.slice(-HASH_LENGTH) };
    }
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
    if (previous === 'closing' && code === 0 && this.pending.size === 0) {
      this.state = 'closed';
      return;
    }
    this.state = 'failed';
    const failure = workerStopped(this.options.file, code, this.lastError);
    this.failure = failure;
    this.settleOpen.reject(failure); // a no-op once the open settled
    this.outgoing = undefined;
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
