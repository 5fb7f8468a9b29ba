import { AuditChainKey } from '../../audit/auditChainKey';
import { GENESIS_HASH, chainRecord, verifyAuditChain } from '../../audit/hashChain';
import { hasErrorCode } from '../../errors/dlxError';
import type { AuditEventInput, AuditRecord, AuditStore } from '../auditStore';
import { rejectionOf } from './rejectionOf';

/**
 * Rewrites a store's records behind its back, the way an attacker with database access would.
 * The SQLite store passes one that edits its table; the default uses exportRecords() /
 * importRecords() when the store has them.
 */
export type AuditTamper = (
  store: AuditStore,
  edit: (records: AuditRecord[]) => AuditRecord[],
) => Promise<void>;

interface AuditRecordTransfer {
  exportRecords(): AuditRecord[] | Promise<AuditRecord[]>;
  importRecords(records: Iterable<AuditRecord>): void | Promise<void>;
}

export const tamperByExportImport: AuditTamper = async (store, edit) => {
  const transfer = store as Partial<AuditRecordTransfer>;
  if (
    typeof transfer.exportRecords !== 'function' ||
    typeof transfer.importRecords !== 'function'
  ) {
    throw new Error(
      'auditStoreContract: the store has no exportRecords()/importRecords(); pass a tamper function',
    );
  }
  await transfer.importRecords(edit(await transfer.exportRecords()));
};

export function auditEventFixture(
  n: number,
  overrides: Partial<AuditEventInput> = {},
): AuditEventInput {
  return {
    tenant: 'acme',
    actor: 'ops-token',
    connector_key: 'stripe',
    connector_version: '1.0.0',
    operation: 'create_payment',
    event: 'payment_created',
    outcome: 'success',
    attempt: 1,
    duration_ms: n,
    correlation_id: `corr-${n}`,
    idempotency_key: `key-${n}`,
    payload_digest: null,
    payload: { n, lines: [{ amount: n * 10 }] },
    error_code: null,
    approval_id: null,
    at: new Date(Date.UTC(2024, 4, 1, 0, 0, n)).toISOString(),
    ...overrides,
  };
}

/** The key the contract's stores are made with (makeStore must key its chain with it). */
export const CONTRACT_AUDIT_KEY = AuditChainKey.fromBase64(
  Buffer.from('audit-store-contract-key-0123456789abcdef').toString('base64'),
);

/** The AuditStore contract: every implementation must pass it (keyed with CONTRACT_AUDIT_KEY). */
export function auditStoreContract(
  makeStore: () => Promise<AuditStore> | AuditStore,
  tamper: AuditTamper = tamperByExportImport,
): void {
  async function storeWith(
    count: number,
    tenantOf: (n: number) => string = () => 'acme',
  ): Promise<AuditStore> {
    const store = await makeStore();
    for (let n = 1; n <= count; n++)
      await store.append(auditEventFixture(n, { tenant: tenantOf(n) }));
    return store;
  }

  describe('AuditStore contract', () => {
    it('starts empty, with the genesis head and a valid empty chain', async () => {
      const store = await makeStore();
      expect(await store.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
      expect(await store.verify()).toEqual({
        ok: true,
        count: 0,
        head: { seq: 0, hash: GENESIS_HASH },
      });
      expect(await store.list()).toEqual([]);
    });

    it('appends in order, returns each record as stored, and chains them with core\u2019s hash chain', async () => {
      const store = await makeStore();
      const appended: AuditRecord[] = [];
      for (let n = 1; n <= 5; n++) appended.push(await store.append(auditEventFixture(n)));
      expect(appended.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(appended[0]!.prev_hash).toBe(GENESIS_HASH);
      expect(appended[3]!.prev_hash).toBe(appended[2]!.hash);
      const listed = await store.list();
      expect(listed).toEqual(appended);
      expect(listed[1]).toMatchObject(auditEventFixture(2));
      expect(verifyAuditChain(listed, { keyedFromSeq: 1, key: CONTRACT_AUDIT_KEY })).toMatchObject({
        ok: true,
        count: 5,
      });
      // Keyed: without the key the same records are not a valid chain.
      expect(verifyAuditChain(listed).ok).toBe(false);
      expect(await store.verify()).toEqual({
        ok: true,
        count: 5,
        head: { seq: 5, hash: appended[4]!.hash },
      });
    });

    it('reports a head that matches the last record', async () => {
      const store = await storeWith(3);
      const last = (await store.list()).at(-1)!;
      expect(await store.head()).toEqual({ seq: 3, hash: last.hash });
    });

    it('gives every concurrent append its own seq in one valid chain', async () => {
      const store = await makeStore();
      const records = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.append(auditEventFixture(i + 1))),
      );
      expect(records.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      expect(await store.verify()).toMatchObject({ ok: true, count: 20 });
    });

    it('lists by tenant, after a seq, and up to a limit', async () => {
      const store = await storeWith(8, (n) => (n % 2 === 0 ? 'acme' : 'globex'));
      expect((await store.list({ tenant: 'acme' })).map((r) => r.seq)).toEqual([2, 4, 6, 8]);
      expect((await store.list({ tenant: 'globex', after: 3 })).map((r) => r.seq)).toEqual([5, 7]);
      expect((await store.list({ tenant: 'acme', after: 2, limit: 2 })).map((r) => r.seq)).toEqual([
        4, 6,
      ]);
      expect((await store.list({ after: 6 })).map((r) => r.seq)).toEqual([7, 8]);
      expect(await store.list({ limit: 0 })).toEqual([]);
      expect(await store.list({ tenant: 'initech' })).toEqual([]);
    });

    it('keeps what it stored when the caller later changes the event or the returned record', async () => {
      const store = await makeStore();
      const payload = { amount: 100 };
      const record = await store.append(auditEventFixture(1, { payload }));
      payload.amount = 999;
      record.actor = 'someone-else';
      expect((await store.list())[0]).toMatchObject({
        actor: 'ops-token',
        payload: { amount: 100 },
      });
      expect((await store.verify()).ok).toBe(true);
    });

    it('refuses a payload with no JSON form and leaves the chain as it was', async () => {
      const store = await storeWith(2);
      const before = await store.head();
      const err = await rejectionOf(
        store.append(auditEventFixture(3, { payload: { amount: Number.NaN } })),
      );
      expect(hasErrorCode(err, 'DLX_E_RUNTIME_INPUT_INVALID')).toBe(true);
      expect(await store.head()).toEqual(before);
      expect(await store.verify()).toMatchObject({ ok: true, count: 2 });
    });

    it('verify names a record whose contents were altered', async () => {
      const store = await storeWith(8);
      await tamper(store, (records) => {
        records[6]!.payload = { n: 7, lines: [{ amount: 1 }] };
        return records;
      });
      expect(await store.verify()).toEqual({
        ok: false,
        count: 6,
        first_bad_seq: 7,
        reason: 'record 7: hash does not match its contents (altered)',
      });
    });

    it('verify finds a deleted, a moved and an inserted record where the chain breaks', async () => {
      const cases: [string, (records: AuditRecord[]) => AuditRecord[], number][] = [
        ['deleted', (records) => records.filter((r) => r.seq !== 3), 3],
        ['moved', (records) => [records[0]!, records[2]!, records[1]!, ...records.slice(3)], 2],
        [
          'inserted',
          (records) => [...records.slice(0, 4), { ...records[0]! }, ...records.slice(4)],
          5,
        ],
      ];
      for (const [what, edit, firstBad] of cases) {
        const store = await storeWith(6);
        await tamper(store, edit);
        expect({ what, result: await store.verify() }).toEqual({
          what,
          result: expect.objectContaining({ ok: false, first_bad_seq: firstBad }),
        });
      }
    });

    it('verify finds an edited record whose chain was recomputed without the key', async () => {
      for (const key of [undefined, AuditChainKey.random()]) {
        const store = await storeWith(6);
        await tamper(store, (records) => {
          const rewritten: AuditRecord[] = [];
          for (const record of records) {
            const event = { ...record, actor: record.seq === 3 ? 'mallory' : record.actor };
            rewritten.push(
              chainRecord(rewritten.at(-1), event, key ? { keyedFromSeq: 1, key } : undefined),
            );
          }
          return rewritten;
        });
        expect(await store.verify()).toMatchObject({ ok: false, first_bad_seq: 1 });
      }
    });
  });
}
