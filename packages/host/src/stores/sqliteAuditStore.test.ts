import {
  GENESIS_HASH,
  chainCanonicalRecord,
  hasErrorCode,
  normalizeAuditEventAndText,
  type AuditEventInput,
  type AuditStore,
} from '@dealix/connector-core';
import {
  CONTRACT_AUDIT_KEY,
  auditEventFixture,
  auditStoreContract,
  rejectionOf,
} from '@dealix/connector-core/testing';
import {
  dropAuditGuards,
  readAuditFile,
  rewriteAuditFile,
  withSecondConnection,
} from './__fixtures__/auditFileAccess';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openWorkerStores } from './__fixtures__/workerStores';
import { openDatabase } from './openDatabase';
import type { SqliteAuditStore } from './sqliteAuditStore';
import { SqliteAuditTable } from './tables/auditTable';

const temp = useTempDatabases();
const filesOfStores = new WeakMap<AuditStore, string>();

async function openStore(file = temp.file()): Promise<SqliteAuditStore> {
  const store = (await openWorkerStores(temp, file)).audit;
  filesOfStores.set(store, file);
  return store;
}

auditStoreContract(openStore, async (store, edit) => {
  rewriteAuditFile(filesOfStores.get(store)!, edit);
});

/** Fixture event `n` as the audit table takes it: normalized, the payload as its canonical text. */
function tableEvent(n: number): AuditEventInput {
  const { event, payloadText } = normalizeAuditEventAndText(auditEventFixture(n));
  return { ...event, payload: payloadText };
}

async function storeWith(count: number): Promise<{ store: SqliteAuditStore; file: string }> {
  const file = temp.file();
  const store = await openStore(file);
  for (let n = 1; n <= count; n++) await store.append(auditEventFixture(n));
  return { store, file };
}

describe('SqliteAuditStore group commit', () => {
  it('writes 100 concurrent appends in one transaction, chained in call order, on disk when they resolve', async () => {
    const { store, file } = await storeWith(0);
    const records = await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.append(auditEventFixture(i + 1))),
    );
    expect(await store.groupCommitStats()).toEqual({ transactions: 1, records: 100 });
    records.forEach((record, i) => {
      expect(record).toMatchObject({ seq: i + 1, correlation_id: `corr-${i + 1}` });
      expect(record.prev_hash).toBe(i === 0 ? GENESIS_HASH : records[i - 1]!.hash);
    });
    // Another connection sees every acknowledged record: they were committed, not just queued.
    expect(readAuditFile(file)).toEqual(records);
    expect(await store.verify()).toEqual({
      ok: true,
      count: 100,
      head: { seq: 100, hash: records[99]!.hash },
    });
  });

  it('gives appends awaited one after another a transaction each', async () => {
    const { store } = await storeWith(3);
    expect(await store.groupCommitStats()).toEqual({ transactions: 3, records: 3 });
  });

  it('rejects every append of a group whose transaction fails, writes none of it, and continues the chain afterwards', async () => {
    const { store, file } = await storeWith(2);
    const before = await store.head();
    withSecondConnection(file, (raw) =>
      raw.exec(`CREATE TRIGGER fail_fourth BEFORE INSERT ON audit_log WHEN NEW.seq = 4
                BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`),
    );
    const outcomes = await Promise.allSettled(
      [3, 4, 5].map((n) => store.append(auditEventFixture(n))),
    );
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason as unknown;
      expect(hasErrorCode(reason, 'DLX_E_STORE_FAILURE')).toBe(true);
    }
    // Record 3 was inserted before record 4 failed; the rollback took it out again.
    expect(readAuditFile(file).map((r) => r.seq)).toEqual([1, 2]);
    expect(await store.head()).toEqual(before);
    expect(await store.groupCommitStats()).toEqual({ transactions: 2, records: 2 });

    withSecondConnection(file, (raw) => raw.exec('DROP TRIGGER fail_fourth'));
    const next = await store.append(auditEventFixture(3));
    expect(next).toMatchObject({ seq: 3, prev_hash: before.hash });
    expect(await store.verify()).toMatchObject({ ok: true, count: 3 });
  });

  it('refuses one unstorable event without failing the others queued with it', async () => {
    const { store } = await storeWith(0);
    const [first, noJson, noTenant, last] = await Promise.allSettled([
      store.append(auditEventFixture(1)),
      store.append(auditEventFixture(2, { payload: { amount: Number.POSITIVE_INFINITY } })),
      store.append(auditEventFixture(3, { tenant: undefined as unknown as string })),
      store.append(auditEventFixture(4)),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { seq: 1 } });
    expect(last).toMatchObject({ status: 'fulfilled', value: { seq: 2 } });
    for (const refused of [noJson, noTenant]) {
      const reason = (refused as PromiseRejectedResult).reason as unknown;
      expect(hasErrorCode(reason, 'DLX_E_RUNTIME_INPUT_INVALID')).toBe(true);
    }
    expect(await store.verify()).toMatchObject({ ok: true, count: 2 });
  });
});

describe('SqliteAuditStore chained on the host thread', () => {
  it('takes the hash the host thread made only where the record lands, and hashes it itself otherwise', () => {
    const db = temp.track(openDatabase(temp.file()));
    const table = new SqliteAuditTable(db, { key: CONTRACT_AUDIT_KEY });
    const { head, keyedFromSeq } = table.chainPosition();
    const format = { keyedFromSeq, key: CONTRACT_AUDIT_KEY };
    const first = tableEvent(1);
    const { hash } = chainCanonicalRecord(head, first, first.payload as string, format);
    expect(table.appendGroup([first], [{ seq: 1, prevHash: head.hash, hash }])).toEqual({
      firstSeq: 1,
      prevHash: GENESIS_HASH,
      hashes: [hash],
      rehashed: false,
    });
    // Made on a head that is not where it lands (another writer moved it): never taken.
    const stale = { seq: 2, prevHash: 'f'.repeat(64), hash: 'e'.repeat(64) };
    const moved = table.appendGroup([tableEvent(2)], [stale]);
    expect(moved).toMatchObject({ firstSeq: 2, prevHash: hash, rehashed: true });
    expect(moved.hashes[0]).not.toBe(stale.hash);
    expect(table.verify()).toMatchObject({ ok: true, count: 2 });
  });

  it('continues the chain from where another writer left it, and chains on from there', async () => {
    const { store, file } = await storeWith(2);
    // A second host on the same file appends record 3 behind this host's back.
    withSecondConnection(file, (raw) =>
      new SqliteAuditTable(raw, { key: CONTRACT_AUDIT_KEY }).appendGroup([tableEvent(99)]),
    );
    const third = readAuditFile(file)[2]!;
    const [fourth, fifth] = await Promise.all(
      [4, 5].map((n) => store.append(auditEventFixture(n))),
    );
    expect(fourth).toMatchObject({ seq: 4, prev_hash: third.hash });
    expect(fifth).toMatchObject({ seq: 5, prev_hash: fourth!.hash });
    expect(await store.append(auditEventFixture(6))).toMatchObject({
      seq: 6,
      prev_hash: fifth!.hash,
    });
    expect(readAuditFile(file).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await store.verify()).toMatchObject({ ok: true, count: 6 });
  });
});

describe('SqliteAuditStore verify against the file', () => {
  it('names the seq of a record whose row was altered in the file', async () => {
    const { store, file } = await storeWith(5);
    withSecondConnection(file, (raw) => {
      dropAuditGuards(raw);
      raw.prepare("UPDATE audit_log SET actor = 'intruder' WHERE seq = 3").run();
    });
    expect(await store.verify()).toMatchObject({ ok: false, count: 2, first_bad_seq: 3 });
  });

  it('names the gap a row deleted from the file leaves', async () => {
    const { store, file } = await storeWith(5);
    withSecondConnection(file, (raw) => {
      dropAuditGuards(raw);
      raw.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    });
    expect(await store.verify()).toMatchObject({ ok: false, count: 3, first_bad_seq: 4 });
  });

  it('reports a payload edited into text that is not JSON as altered, instead of failing', async () => {
    const { store, file } = await storeWith(3);
    withSecondConnection(file, (raw) => {
      dropAuditGuards(raw);
      raw.prepare("UPDATE audit_log SET payload = '{broken' WHERE seq = 2").run();
    });
    expect(await store.verify()).toMatchObject({ ok: false, first_bad_seq: 2 });
    expect((await store.list({ after: 1, limit: 1 }))[0]!.payload).toBe('{broken');
  });

  it('keeps the log append-only for the host\u2019s own connection', () => {
    const db = temp.track(openDatabase(temp.file()));
    const table = new SqliteAuditTable(db, { key: CONTRACT_AUDIT_KEY });
    const { event, payloadText } = normalizeAuditEventAndText(auditEventFixture(1));
    table.appendGroup([{ ...event, payload: payloadText }]);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'someone'").run()).toThrow();
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow();
    expect(table.count()).toBe(1);
    expect(table.verify()).toMatchObject({ ok: true, count: 1 });
  });

  it('refuses a group whose payload did not come as its canonical text, writing none of it', () => {
    const db = temp.track(openDatabase(temp.file()));
    const table = new SqliteAuditTable(db, { key: CONTRACT_AUDIT_KEY });
    const { event } = normalizeAuditEventAndText(auditEventFixture(1));
    expect(() => table.appendGroup([event])).toThrow(/canonical JSON text/);
    expect(table.count()).toBe(0);
  });

  it('answers with DLX_E_STORE_FAILURE once its stores are closed', async () => {
    const stores = await openWorkerStores(temp);
    await stores.close();
    for (const call of [stores.audit.append(auditEventFixture(1)), stores.audit.verify()]) {
      expect(hasErrorCode(await rejectionOf(call), 'DLX_E_STORE_FAILURE')).toBe(true);
    }
  });
});
