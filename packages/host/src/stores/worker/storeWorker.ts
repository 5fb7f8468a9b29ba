// The store worker thread: owns the host's SQLite connection and runs every store call, so no
// commit (an fsync under synchronous=FULL) or lock wait ever blocks the host's event loop.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { AUDIT_KEY_VARIABLE, AuditChainKey, type AuditHead } from '@dealix/connector-core/stores';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../openDatabase';
import { BatchRunner, serializeStoreError, type BatchAnswer } from './batchRunner';
import { readCallBatch, type CallBatch } from './callBatch';
import type { CallOutcome, FromWorker, StoreWorkerData, ToWorker } from './protocol';
import { openStoreTables } from './storeTables';
import { transactionsOf } from './queuedTransactions';

function serve(port: MessagePort, data: StoreWorkerData): void {
  const send = (message: FromWorker) => port.postMessage(message);
  let db: Database | undefined;
  let runner: BatchRunner;
  let audit: { head: AuditHead; keyedFromSeq: number };
  try {
    db = openDatabase(data.file);
    const tables = openStoreTables(db, AuditChainKey.fromBase64(data.auditKey, AUDIT_KEY_VARIABLE));
    runner = new BatchRunner(db, tables);
    // Where the host thread chains its first appends (see StoreWorkerClient.appendAudit).
    audit = tables.audit.chainPosition();
  } catch (error) {
    db?.close();
    send({
      kind: 'open_failed',
      error: serializeStoreError(error, 'database', `open ${data.file}`),
    });
    port.close();
    return;
  }
  const database = db;
  send({ kind: 'ready', audit });

  // Each batch the host sent is answered and settled as its own; those that queued while the
  // last commit ran share the next transaction (one fsync), but never two audit groups: the
  // host thread split them (at most two in flight, batchesInFlight.ts) so that it chains the
  // next group while this thread commits one, which one transaction would undo.
  let queued: CallBatch[] = [];
  let closing = false;
  let scheduled = false;
  const runQueued = () => {
    scheduled = false;
    const batches = queued;
    queued = [];
    for (const together of transactionsOf(batches)) runBatches(port, runner, together);
    if (closing) {
      database.close();
      port.close();
    }
  };
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'calls') queued.push(message.batch);
    else closing = true;
    if (!scheduled) {
      scheduled = true;
      setImmediate(runQueued);
    }
  });
}

/**
 * Runs the batches. Each always ends with a `settled` answer, even should the runner throw (a
 * bug): the host thread counts on one per batch to send the next, and fails what was not
 * answered.
 */
function runBatches(port: MessagePort, runner: BatchRunner, batches: CallBatch[]): void {
  let settled = 0;
  try {
    runner.run(batches.map(readCallBatch), (message) => {
      if (message.kind === 'settled') settled++;
      answer(port, message);
    });
  } catch (error) {
    const failure = serializeStoreError(error, 'worker', 'run a batch of calls');
    for (const batch of batches.slice(settled)) {
      const ids = [...batch.ids, ...(batch.audit?.ids ?? [])];
      answer(port, {
        kind: 'settled',
        outcomes: ids.map((id): CallOutcome => ({ id, ok: false, error: failure })),
        ...(batch.audit !== undefined && { audit: { asChained: false } }),
      });
    }
  }
}

/** Posts an answer; an outcome whose value cannot be copied fails alone instead of all of them. */
function answer(port: MessagePort, message: BatchAnswer): void {
  try {
    port.postMessage(message satisfies FromWorker);
  } catch {
    const safe = message.outcomes.map((outcome): CallOutcome => {
      try {
        structuredClone(outcome);
        return outcome;
      } catch (error) {
        return {
          id: outcome.id,
          ok: false,
          error: serializeStoreError(error, 'worker', 'copy an answer to the host thread'),
        };
      }
    });
    port.postMessage({ ...message, outcomes: safe } satisfies FromWorker);
  }
}

if (parentPort) serve(parentPort, workerData as StoreWorkerData);
