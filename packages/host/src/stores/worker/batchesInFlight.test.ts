import fc from 'fast-check';
import { auditEventFixture } from '@dealix/connector-core/testing';
import { BatchesInFlight, SPLIT_APPENDS_FROM, WRITE_BATCHES_IN_FLIGHT } from './batchesInFlight';
import { readCallBatch } from './callBatch';

type Made = { kind: 'append' } | { kind: 'write' } | { kind: 'read' } | { kind: 'settle' };

const made = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Made>({ kind: 'append' }) },
  { weight: 1, arbitrary: fc.constant<Made>({ kind: 'write' }) },
  { weight: 1, arbitrary: fc.constant<Made>({ kind: 'read' }) },
  { weight: 1, arbitrary: fc.constant<Made>({ kind: 'settle' }) },
);

describe('the batches the host thread sends to the store worker', () => {
  it('split appends at SPLIT_APPENDS_FROM and keep at most WRITE_BATCHES_IN_FLIGHT writing in flight, losing, repeating or reordering no call', () => {
    fc.assert(
      fc.property(
        fc.array(made, { maxLength: 700 }),
        fc.integer({ min: 0, max: 5 }),
        (calls, flushEvery) => {
          const batches = new BatchesInFlight();
          const received: { id: number; method: string }[] = [];
          let inFlight: boolean[] = [];
          const send = () => {
            for (let batch = batches.next(true); batch; batch = batches.next(true)) {
              expect(batch.appends).toBeLessThanOrEqual(SPLIT_APPENDS_FROM);
              inFlight.push(batch.writes);
              expect(inFlight.filter(Boolean).length).toBeLessThanOrEqual(WRITE_BATCHES_IN_FLIGHT);
              for (const call of readCallBatch(batch.take(() => undefined))) received.push(call);
            }
          };
          const settle = () => {
            expect(batches.settled()?.writes).toBe(inFlight[0]);
            inFlight = inFlight.slice(1);
          };
          calls.forEach((call, id) => {
            if (call.kind === 'append') {
              batches.forAppend().addAuditAppend(id, auditEventFixture(id), '{}');
            } else if (call.kind === 'write') {
              batches.forCall().add({ id, store: 'approvals', method: 'create' }, [id]);
            } else if (call.kind === 'read') {
              batches.forCall().add({ id, store: 'approvals', method: 'list' }, [id]);
            } else if (inFlight.length > 0) {
              settle();
            }
            if (flushEvery > 0 && id % flushEvery === 0) send();
          });
          while (batches.waiting || inFlight.length > 0) {
            send();
            if (inFlight.length > 0) settle();
          }
          expect(batches.idle).toBe(true);
          // Every call exactly once; the appends in call order, the other calls too.
          const ids = (kind: Made['kind']) =>
            calls.flatMap((c, id) => (c.kind === kind ? [id] : []));
          const appendsReceived = received.filter((c) => c.method === 'append').map((c) => c.id);
          const othersReceived = received.filter((c) => c.method !== 'append').map((c) => c.id);
          expect(appendsReceived).toEqual(ids('append'));
          expect(othersReceived).toEqual(
            calls.flatMap((c, id) => (c.kind === 'write' || c.kind === 'read' ? [id] : [])),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('holds a batch with appends while they cannot be chained, and the calls after it', () => {
    const batches = new BatchesInFlight();
    batches.forAppend().addAuditAppend(1, auditEventFixture(1), '{}');
    batches.forCall().add({ id: 2, store: 'approvals', method: 'list' }, []);
    expect(batches.next(false)).toBeUndefined();
    expect(batches.next(true)?.size).toBe(2);
  });
});
