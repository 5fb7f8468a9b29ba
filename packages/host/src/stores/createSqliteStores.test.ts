import { join } from 'node:path';
import { DlxError, hasErrorCode } from '@dealix/connector-core';
import { CONTRACT_AUDIT_KEY, auditEventFixture, rejectionOf } from '@dealix/connector-core/testing';
import { pendingApproval } from './__fixtures__/approvalRecord';
import { readAuditFile } from './__fixtures__/auditFileAccess';
import { useTempDatabases } from './__fixtures__/tempDatabases';
import { openWorkerStores } from './__fixtures__/workerStores';
import { createSqliteStores } from './createSqliteStores';

const temp = useTempDatabases();
const T0 = 1_700_000_000_000;
const SCOPE = { tenant: 'acme', connector: 'stripe', operation: 'create_payment' };
const DAY = 86_400_000;

function webhookEvent(eventId: string) {
  return {
    tenant: 'acme',
    connector: 'stripe',
    event_id: eventId,
    type: 'payment_succeeded',
    occurred_at: '2024-05-01T10:00:00.000Z',
    received_at: '2024-05-01T10:00:01.000Z',
    payload: { id: eventId, amount: 5000 },
  };
}

describe('createSqliteStores', () => {
  it('keeps everything across a restart: audit chain, idempotency, approvals, sync state and outbox', async () => {
    const file = temp.file();
    const first = await openWorkerStores(temp, file);
    for (let n = 1; n <= 5; n++) await first.audit.append(auditEventFixture(n));
    const headBefore = await first.audit.head();
    await first.idempotency.begin({
      scope: SCOPE,
      key: 'order-1',
      payload_digest: 'sha256:aa',
      idempotent: false,
      holder: { host_id: 'host-a', boot_id: 'boot-1' },
      now: T0,
      lease_ms: 30_000,
      ttl_ms: DAY,
    });
    await first.idempotency.complete(SCOPE, 'order-1', { id: 'pay_1', lines: [{ amount: 5 }] });
    await first.approvals.create(pendingApproval('apr_1', T0));
    await first.approvals.transition('acme', 'apr_1', 'pending', {
      status: 'granted',
      decided_by: 'approver-token',
      decided_at: T0 + 10,
    });
    await first.syncState.update('acme', 'stripe', { kind: 'success', at: '2024-05-01T10:00:00Z' });
    await first.outbox.append(webhookEvent('evt_1'));
    await first.outbox.append(webhookEvent('evt_2'));
    await first.close();

    const second = await openWorkerStores(temp, file);
    expect(await second.audit.verify()).toEqual({ ok: true, count: 5, head: headBefore });
    expect(await second.audit.append(auditEventFixture(6))).toMatchObject({
      seq: 6,
      prev_hash: headBefore.hash,
    });
    expect(await second.idempotency.get(SCOPE, 'order-1', T0 + 1)).toMatchObject({
      state: 'completed',
      result: { id: 'pay_1', lines: [{ amount: 5 }] },
    });
    expect(await second.approvals.get('acme', 'apr_1')).toMatchObject({
      status: 'granted',
      decided_by: 'approver-token',
      payload_preview: { amount: 5000 },
    });
    expect(await second.syncState.get('acme', 'stripe')).toMatchObject({ status: 'ok' });
    expect((await second.outbox.list('acme', undefined, 10)).map((e) => e.event_id)).toEqual([
      'evt_1',
      'evt_2',
    ]);
    expect(await second.outbox.append(webhookEvent('evt_1'))).toEqual({
      inserted: false,
      cursor: '1',
    });
    expect(await second.outbox.append(webhookEvent('evt_3'))).toEqual({
      inserted: true,
      cursor: '3',
    });
  });

  it('keeps a lapsed lease as outcome_unknown across a restart (the holder crashed mid-call)', async () => {
    const file = temp.file();
    const first = await openWorkerStores(temp, file);
    await first.idempotency.begin({
      scope: SCOPE,
      key: 'order-9',
      payload_digest: 'sha256:aa',
      idempotent: false,
      holder: { host_id: 'host-a', boot_id: 'boot-1' },
      now: T0,
      lease_ms: 1_000,
      ttl_ms: DAY,
    });
    expect((await first.idempotency.get(SCOPE, 'order-9', T0 + 1_001))?.state).toBe(
      'outcome_unknown',
    );
    await first.close();
    const second = await openWorkerStores(temp, file);
    expect(await second.idempotency.get(SCOPE, 'order-9', T0 + 2)).toMatchObject({
      state: 'outcome_unknown',
      error: { code: 'DLX_E_RUNTIME_OUTCOME_UNKNOWN' },
    });
  });

  it('writes the audit appends still queued when it closes, so they resolve and are on disk', async () => {
    const file = temp.file();
    const stores = await openWorkerStores(temp, file);
    const pending = [1, 2, 3].map((n) => stores.audit.append(auditEventFixture(n)));
    await stores.close();
    expect((await Promise.all(pending)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(readAuditFile(file).map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('reports its database path, may be closed twice, and refuses calls once closed', async () => {
    const file = join(temp.file(), '..', 'data', 'connectors.db');
    const stores = await createSqliteStores(file, { auditKey: CONTRACT_AUDIT_KEY });
    expect(stores.database).toBe(file);
    await Promise.all([stores.close(), stores.close()]);
    await stores.close();
    const error = new DlxError('DLX_E_VENDOR_PERMANENT', 'declined').toJSON();
    const rejections = await Promise.all(
      [
        stores.audit.append(auditEventFixture(1)),
        stores.idempotency.fail(SCOPE, 'order-1', error),
        stores.approvals.list('acme'),
        stores.syncState.list(),
        stores.outbox.append(webhookEvent('evt_1')),
      ].map(rejectionOf),
    );
    for (const err of rejections) expect(hasErrorCode(err, 'DLX_E_STORE_FAILURE')).toBe(true);
  });
});
