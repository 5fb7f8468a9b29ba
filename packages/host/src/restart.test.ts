import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TOKENS, startHarness, AUDIT_KEY_B64, GOOD_PAYMENTS } from './__fixtures__/hostHarness';
import { runCli } from './__fixtures__/runCli';

const tenants = {
  acme: { connectors: { good_payments: GOOD_PAYMENTS, good_echo: {} } },
};
const PAY = '/api/v1/tenants/acme/connectors/good_payments/operations/pay';

const cli = (args: string[]) =>
  runCli(args, { env: { DLX_AUDIT_KEY: AUDIT_KEY_B64 }, cwd: process.cwd() });

describe('durability across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlx-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps audit records, idempotency records and approvals; a record altered in the file is found', async () => {
    let h = await startHarness({ tenants, dir });
    const asked = await h.call('POST', PAY, {
      token: TOKENS.alice,
      body: { amount: 9, payer_email: 'p@q.r' },
      headers: { 'idempotency-key': 'order-r1' },
    });
    await h.call('POST', `/api/v1/tenants/acme/approvals/${asked.json.approval_id}/grant`, {
      token: TOKENS.bob,
    });
    const paid = await h.call('POST', `${PAY}?approval_id=${asked.json.approval_id}`, {
      token: TOKENS.alice,
      body: { amount: 9, payer_email: 'p@q.r' },
      headers: { 'idempotency-key': 'order-r1' },
    });
    expect(paid.json).toMatchObject({ status: 'ok', replayed: false });
    const pending = await h.call('POST', PAY, {
      token: TOKENS.alice,
      body: { amount: 5, payer_email: 'r@s.t' },
    });
    const approvalId = pending.json.approval_id as string;
    const countBefore = (await h.host.stores.audit.list()).length;
    await h.stop();

    h = await startHarness({ tenants, dir });
    expect((await h.host.stores.audit.list()).length).toBe(countBefore);
    const approvals = await h.call('GET', '/api/v1/tenants/acme/approvals?status=pending', {
      token: TOKENS.bob,
    });
    expect(approvals.json.approvals.map((a: { id: string }) => a.id)).toEqual([approvalId]);
    const replay = await h.call('POST', `${PAY}?approval_id=${asked.json.approval_id}`, {
      token: TOKENS.alice,
      body: { amount: 9, payer_email: 'p@q.r' },
      headers: { 'idempotency-key': 'order-r1' },
    });
    expect(replay.json).toMatchObject({ status: 'ok', replayed: true, output: paid.json.output });
    await h.stop();

    const db = join(dir, 'host.db');
    const ok = await cli(['audit', 'verify', '--database', db]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/audit log intact: \d+ records/);

    // Someone with access to the file: the store's append-only triggers do not stop them.
    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run();
    raw.close();
    const bad = await cli(['audit', 'verify', '--database', db]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('record 2');
    const json = await cli(['audit', 'verify', '--database', db, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, first_bad_seq: 2 });
  });
});
