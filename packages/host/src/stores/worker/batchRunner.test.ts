import { CONTRACT_AUDIT_KEY, auditEventFixture } from '@dealix/connector-core/testing';
import { normalizeAuditEventAndText } from '@dealix/connector-core';
import { pendingApproval } from '../__fixtures__/approvalRecord';
import { useTempDatabases } from '../__fixtures__/tempDatabases';
import { openDatabase } from '../openDatabase';
import { BatchRunner, type BatchAnswer } from './batchRunner';
import { CallBatchWriter, readCallBatch } from './callBatch';
import { openStoreTables } from './storeTables';

const temp = useTempDatabases();

function runner() {
  const db = temp.track(openDatabase(temp.file()));
  const tables = openStoreTables(db, CONTRACT_AUDIT_KEY);
  return { db, tables, runner: new BatchRunner(db, tables) };
}

/** A batch as the worker reads it; `build` adds its calls. */
function batch(build: (writer: CallBatchWriter) => void) {
  const writer = new CallBatchWriter();
  build(writer);
  return readCallBatch(writer.take(() => undefined));
}

const append = (writer: CallBatchWriter, id: number) => {
  const { event, payloadText } = normalizeAuditEventAndText(auditEventFixture(id));
  writer.addAuditAppend(id, event, payloadText);
};

describe('the batches the store worker runs together', () => {
  it('commit in one transaction and settle each as its own, in order, a batch of reads included', () => {
    const { runner: run, tables } = runner();
    const answers: BatchAnswer[] = [];
    run.run(
      [
        batch((w) => {
          w.add({ id: 1, store: 'approvals', method: 'create' }, [pendingApproval('apr_1', 0)]);
          w.add({ id: 2, store: 'approvals', method: 'list' }, ['acme']);
        }),
        batch((w) => w.add({ id: 3, store: 'approvals', method: 'list' }, ['acme'])),
        batch((w) => append(w, 4)),
      ],
      (answer) => answers.push(answer),
    );
    expect(answers.map((a) => [a.kind, a.outcomes.map((o) => o.id)])).toEqual([
      ['outcomes', [2]], // the first batch's read, before the transaction
      ['settled', [1]],
      ['settled', [3]],
      ['settled', []], // the append's outcome is its chain position (appended)
    ]);
    expect(answers[3]).toMatchObject({
      appended: { firstSeq: 1 },
      audit: { asChained: false, end: { seq: 1 } }, // unchained: the worker hashed it
    });
    expect(tables.audit.groupCommitStats()).toEqual({ transactions: 1, records: 1 });
  });

  it('fails every write of every batch when their shared transaction is lost, and says where the chain stayed', () => {
    const { runner: run, db, tables } = runner();
    db.exec(`CREATE TRIGGER lose BEFORE INSERT ON approvals
             BEGIN SELECT RAISE(ROLLBACK, 'disk on fire'); END`);
    const answers: BatchAnswer[] = [];
    run.run(
      [
        batch((w) => append(w, 1)),
        batch((w) =>
          w.add({ id: 2, store: 'approvals', method: 'create' }, [pendingApproval('apr_1', 0)]),
        ),
      ],
      (answer) => answers.push(answer),
    );
    expect(answers.map((a) => [a.kind, a.outcomes.map((o) => [o.id, o.ok])])).toEqual([
      ['settled', [[1, false]]],
      ['settled', [[2, false]]],
    ]);
    expect(answers[0]).toMatchObject({ audit: { asChained: false, end: { seq: 0 } } });
    expect(tables.audit.count()).toBe(0);
  });

  it('refuses an append whose rider cannot be read: the two are written together or not at all', () => {
    const { runner: run, tables } = runner();
    const writer = new CallBatchWriter();
    const scope = { tenant: 'acme', connector: 'stripe', operation: 'create_payment' };
    writer.add({ id: 2, store: 'idempotency', method: 'complete' }, [scope, 'k1', { id: 'p' }]);
    writer.addRider(1, 2);
    append(writer, 1);
    append(writer, 3);
    const sent = writer.take(() => undefined);
    // The calls' one serialization cut short: the rider's arguments are lost on the way.
    const cut = { ...sent, args: sent.args.subarray(0, 4) };
    const answers: BatchAnswer[] = [];
    run.run([readCallBatch(cut)], (answer) => answers.push(answer));
    const settled = answers.find((a) => a.kind === 'settled')!;
    expect(settled.outcomes.map((o) => [o.id, o.ok])).toEqual([[1, false]]);
    expect(settled).toMatchObject({ appended: { firstSeq: 1 } });
    expect(tables.audit.count()).toBe(1);
    expect(tables.audit.recordAt(1)).toMatchObject({
      correlation_id: auditEventFixture(3).correlation_id,
    });
  });
});
