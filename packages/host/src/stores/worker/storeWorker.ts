// The store worker thread: owns the host's SQLite connection and runs every store call, so no
// commit (an fsync under synchronous=FULL) or lock wait ever blocks the host's event loop.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { AUDIT_KEY_VARIABLE, AuditChainKey, type AuditHead } from '@dealix/connector-core/stores';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../openDatabase';
import { BatchRunner, serializeStoreError, type WriteAnswers } from './batchRunner';
import { readCallBatch, type ReceivedCall } from './callBatch';
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

  let queued: ReceivedCall[] = [];
  let closing = false;
  let scheduled = false;
  // Everything that arrived while the last batch ran (or in this turn) is the next batch.
  const runQueued = () => {
    scheduled = false;
    const batch = queued;
    queued = [];
    if (batch.length > 0) runner.run(batch, (outcomes) => answer(port, outcomes));
    if (closing) {
      database.close();
      port.close();
    }
  };
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'calls')
      for (const call of readCallBatch(message.batch)) queued.push(call);
    else closing = true;
    if (!scheduled) {
      scheduled = true;
      setImmediate(runQueued);
    }
  });
}

/** Posts the outcomes; one whose value cannot be copied fails alone instead of all of them. */
function answer(port: MessagePort, { outcomes, appended }: WriteAnswers): void {
  try {
    port.postMessage({ kind: 'outcomes', outcomes, appended } satisfies FromWorker);
  } catch {
    const safe = outcomes.map((outcome): CallOutcome => {
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
    port.postMessage({ kind: 'outcomes', outcomes: safe, appended } satisfies FromWorker);
  }
}

if (parentPort) serve(parentPort, workerData as StoreWorkerData);
