import type { AuditColumns } from './auditColumns';
import type { CallBatch } from './callBatch';
import { transactionsOf } from './queuedTransactions';

const batch = (name: string, appends: boolean): CallBatch & { name: string } => ({
  name,
  ids: new Float64Array(0),
  methods: new Uint16Array(0),
  args: new Uint8Array(0),
  ...(appends && { audit: {} as AuditColumns }),
});

describe('the batches queued in the store worker', () => {
  it('share a transaction, in order, but never two batches with audit appends', () => {
    const queued = [
      batch('write', false),
      batch('group 1', true),
      batch('read', false),
      batch('group 2', true),
      batch('group 3', true),
      batch('write after', false),
    ];
    const nameOf = new Map<CallBatch, string>(queued.map((b) => [b, b.name]));
    const names = transactionsOf(queued).map((t) => t.map((b) => nameOf.get(b)));
    expect(names).toEqual([['write', 'group 1', 'read'], ['group 2'], ['group 3', 'write after']]);
    expect(transactionsOf([])).toEqual([]);
  });
});
