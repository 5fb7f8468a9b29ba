import fc from 'fast-check';
import { auditEventFixture } from '@dealix/connector-core/testing';
import { toAuditEntry } from '../auditEntry';
import { thrownBy } from '../__fixtures__/thrownBy';
import { CALL_NAMES, CallBatchWriter, readCallBatch } from './callBatch';

const call = (id: number) => ({ id, store: 'approvals' as const, method: 'create' });
/** Sends the appends unchained (the worker hashes them). */
const unchained = () => undefined;

describe('a batch of store calls on its way to the worker', () => {
  it('arrives as the arguments were when each call was made', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.jsonValue(), { maxLength: 4 }), { maxLength: 20 }),
        (lists) => {
          const writer = new CallBatchWriter();
          lists.forEach((args, i) => writer.add(call(i), args));
          const expected = structuredClone(lists);
          for (const args of lists) args.push('changed later');
          expect(readCallBatch(writer.take(unchained))).toEqual(
            expected.map((args, i) => ({ ...call(i), args })),
          );
        },
      ),
    );
  });

  it('sends arguments with no structured-clone form as their JSON form, and keeps the calls before them', () => {
    const writer = new CallBatchWriter();
    writer.add(call(1), [{ amount: 5 }, undefined]);
    writer.add(call(2), [{ id: 'pay_1', describe: () => 'a function' }]);
    writer.add(call(3), ['last']);
    expect(readCallBatch(writer.take(unchained)).map((c) => c.args)).toEqual([
      [{ amount: 5 }, undefined],
      [{ id: 'pay_1' }],
      ['last'],
    ]);
  });

  it('refuses a call whose arguments have neither form, and sends the others', () => {
    const writer = new CallBatchWriter();
    writer.add(call(1), ['before']);
    expect(() => writer.add(call(2), [{ big: 10n, f: () => 1 }])).toThrow();
    writer.add(call(3), ['after']);
    expect(readCallBatch(writer.take(unchained)).map((c) => [c.id, c.args])).toEqual([
      [1, ['before']],
      [3, ['after']],
    ]);
  });

  it('marks every call it cannot read as unreadable instead of failing the batch', () => {
    const received = readCallBatch({
      ids: Float64Array.of(1, 2),
      methods: Uint16Array.of(0, 0),
      args: new Uint8Array([1, 2, 3]),
    });
    expect(received.map((c) => c.unreadable !== undefined)).toEqual([true, true]);
  });

  it('refuses a call no store has when it is made, and reads an unknown call number as none', () => {
    const writer = new CallBatchWriter();
    expect(thrownBy(() => writer.add({ id: 1, store: 'audit', method: 'drop' }, []))).toMatchObject(
      { code: 'DLX_E_STORE_FAILURE', details: { reason: 'unknown_store_call', method: 'drop' } },
    );
    writer.add(call(2), ['kept']);
    const batch = writer.take(unchained);
    expect(readCallBatch(batch)).toEqual([{ ...call(2), args: ['kept'] }]);
    batch.methods[0] = CALL_NAMES.length;
    expect(readCallBatch(batch)).toEqual([
      { id: 2, store: 'none', method: 'none', args: ['kept'] },
    ]);
  });
});

describe('the audit appends of a batch on their way to the worker', () => {
  const link = (seq: number) => ({ seq, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) });

  it('arrive after the other calls as each append was made, with where the host chained it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            n: fc.nat(),
            operation: fc.option(fc.string()),
            error_code: fc.option(fc.string()),
            duration_ms: fc.double({ noNaN: true, noDefaultInfinity: true }),
            trace_id: fc.option(fc.string(), { nil: undefined }),
            payloadText: fc.string(),
            linked: fc.boolean(),
          }),
          { maxLength: 12 },
        ),
        (appends) => {
          const writer = new CallBatchWriter();
          writer.add(call(0), ['first']);
          const links = appends.map(({ n, linked }) => (linked ? link(n + 1) : undefined));
          const expected = appends.map(({ n, payloadText, linked, ...overrides }, i) => {
            const event = auditEventFixture(n, overrides);
            writer.addAuditAppend(i + 1, event, payloadText);
            const entry = toAuditEntry(event, payloadText);
            event.tenant = 'changed later';
            return {
              id: i + 1,
              store: 'audit',
              method: 'append',
              args: [entry, linked ? link(n + 1) : undefined],
            };
          });
          expect(writer.size).toBe(appends.length + 1);
          let chained = 0;
          const batch = writer.take(() => links[chained++]);
          expect(chained).toBe(appends.length);
          expect(readCallBatch(structuredClone(batch))).toEqual([
            { ...call(0), args: ['first'] },
            ...expected,
          ]);
        },
      ),
    );
  });

  it('read as unreadable, every one, when their columns do not fit together', () => {
    const writer = new CallBatchWriter();
    for (const n of [1, 2]) writer.addAuditAppend(n, auditEventFixture(n), '{}');
    const batch = writer.take(unchained);
    for (const broken of [
      { ...batch.audit!, text: batch.audit!.text.slice(1) },
      { ...batch.audit!, text: `${batch.audit!.text}x` },
      { ...batch.audit!, lengths: batch.audit!.lengths.subarray(1) },
      { ...batch.audit!, lengths: batch.audit!.lengths.map((l) => (l === -1 ? -2 : l)) },
      { ...batch.audit!, links: 'a'.repeat(128) },
    ]) {
      const received = readCallBatch({ ...batch, audit: broken });
      expect(received.map((c) => [c.id, c.unreadable instanceof Error])).toEqual([
        [1, true],
        [2, true],
      ]);
    }
  });
});
