import {
  approvalStoreContract,
  auditStoreContract,
  callLinkStoreContract,
  eventOutboxStoreContract,
  idempotencyStoreContract,
  syncStateStoreContract,
  type AuditTamper,
} from '@dealix/connector-core/testing';
import type { AuditStore } from '@dealix/connector-core';
import { useTestPostgres } from '../../__fixtures__/postgres/testPostgres';
import { AUDIT_COLUMNS, auditRecordToRow, auditRowToRecord, type AuditRow } from '../auditRows';

// Issue 17, must show: core's store contract suites, green on a real PostgreSQL, exactly as
// they run against the memory and SQLite stores.
const pg = useTestPostgres();
const schemaOf = new WeakMap<AuditStore, string>();

/**
 * Rewrites audit_log behind the store's back, as someone with database rights would: the
 * append-only trigger disabled, every row deleted, the edited records inserted renumbered by
 * position (so a deleted, moved or inserted record shows where the chain's links break).
 */
const tamper: AuditTamper = async (store, edit) => {
  const schema = schemaOf.get(store)!;
  await pg.raw(schema, async (client) => {
    const { rows } = await client.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq`,
    );
    // A raw connection reads bigint as text: the seq back to a number, as the store reads it.
    const edited = edit(rows.map((row) => auditRowToRecord({ ...row, seq: Number(row.seq) })));
    await client.query('BEGIN');
    await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    await client.query('DELETE FROM audit_log');
    const columns = AUDIT_COLUMNS.split(', ') as (keyof AuditRow)[];
    for (const [index, record] of edited.entries()) {
      const row = { ...auditRecordToRow(record), seq: index + 1 };
      await client.query(
        `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((column) => row[column]),
      );
    }
    await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
    await client.query('COMMIT');
  });
};

auditStoreContract(async () => {
  const stores = await pg.openStores();
  schemaOf.set(stores.audit, pg.sharedSchema);
  return stores.audit;
}, tamper);
idempotencyStoreContract(async () => (await pg.openStores()).idempotency);
approvalStoreContract(async () => (await pg.openStores()).approvals);
syncStateStoreContract(async () => (await pg.openStores()).syncState);
eventOutboxStoreContract(async () => (await pg.openStores()).outbox);
callLinkStoreContract(async () => (await pg.openStores()).callLinks);
