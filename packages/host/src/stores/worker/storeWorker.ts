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

  // Each batch the host sent runs as it was sent (one transaction, answered and settled): the
  // host thread decides the batches, and keeps at most two that write in flight so that it
  // chains the next group while this thread commits one (see batchesInFlight.ts).
  let queued: CallBatch[] = [];
  let closing = false;
  let scheduled = false;
  const runQueued = () => {
    scheduled = false;
    const batches = queued;
    queued = [];
    for (const batch of batches) runBatch(port, runner, batch);
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
 * Runs one batch. It always ends with a `settled` answer, even should the runner throw (a bug):
 * the host thread counts on one per batch to send the next, and fails what was not answered.
 */
function runBatch(port: MessagePort, runner: BatchRunner, batch: CallBatch): void {
  let settled = false;
  try {
    runner.run(readCallBatch(batch), (message) => {
      settled ||= message.kind === 'settled';
      answer(port, message);
    });
  } catch (error) {
    if (settled) return;
    const failure = serializeStoreError(error, 'worker', 'run a batch of calls');
    const ids = [...batch.ids, ...(batch.audit?.ids ?? [])];
    answer(port, {
      kind: 'settled',
      outcomes: ids.map((id): CallOutcome => ({ id, ok: false, error: failure })),
      ...(batch.audit !== undefined && { audit: { asChained: false } }),
    });
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
