import { AuditChainKey } from '../../audit/auditChainKey';
import {
  CONTRACT_AUDIT_KEY,
  auditEventFixture,
  auditStoreContract,
} from '../__contract__/auditStoreContract';
import { MemoryAuditStore } from './memoryAuditStore';

auditStoreContract(() => new MemoryAuditStore({ key: CONTRACT_AUDIT_KEY }));

describe('MemoryAuditStore backups', () => {
  it('restores an exported log into a new store with the same head, and appends continue the chain', async () => {
    const key = AuditChainKey.random();
    const original = new MemoryAuditStore({ key });
    for (let n = 1; n <= 4; n++) await original.append(auditEventFixture(n));
    const restored = new MemoryAuditStore({ key });
    restored.importRecords(original.exportRecords());
    expect(await restored.head()).toEqual(await original.head());
    const next = await restored.append(auditEventFixture(5));
    expect(next).toMatchObject({ seq: 5, prev_hash: (await original.head()).hash });
    expect(await restored.verify()).toMatchObject({ ok: true, count: 5 });
    // Restored under another key, the same records do not verify.
    const elsewhere = new MemoryAuditStore();
    elsewhere.importRecords(original.exportRecords());
    expect(await elsewhere.verify()).toMatchObject({ ok: false, first_bad_seq: 1 });
  });

  it('exports copies: editing an export does not touch the live log', async () => {
    const store = new MemoryAuditStore();
    await store.append(auditEventFixture(1));
    const exported = store.exportRecords();
    exported[0]!.actor = 'intruder';
    expect((await store.list())[0]!.actor).toBe('ops-token');
    expect((await store.verify()).ok).toBe(true);
  });
});
