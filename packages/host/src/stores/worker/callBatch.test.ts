import fc from 'fast-check';
import { thrownBy } from '../__fixtures__/thrownBy';
import { CALL_NAMES, CallBatchWriter, readCallBatch } from './callBatch';

const call = (id: number) => ({ id, store: 'approvals' as const, method: 'create' });

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
          expect(readCallBatch(writer.take())).toEqual(
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
    expect(readCallBatch(writer.take()).map((c) => c.args)).toEqual([
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
    expect(readCallBatch(writer.take()).map((c) => [c.id, c.args])).toEqual([
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
    const batch = writer.take();
    expect(readCallBatch(batch)).toEqual([{ ...call(2), args: ['kept'] }]);
    batch.methods[0] = CALL_NAMES.length;
    expect(readCallBatch(batch)).toEqual([
      { id: 2, store: 'none', method: 'none', args: ['kept'] },
    ]);
  });
});
