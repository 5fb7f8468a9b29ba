import { DataKeyring } from '../protection/dataKeyring';
import { createMemoryStores } from '../stores/memory';
import { GovernanceRuntime } from './governanceRuntime';
import { ledgerConnector } from './__fixtures__/ledgerConnector';
import {
  LEDGER_SECRET,
  restrictedLedgerManifest,
  startHarness,
} from './__fixtures__/runtimeHarness';

const restricted = restrictedLedgerManifest();

// Issue 9 item 10: stored results and approval previews of restricted operations were kept in
// plain text; nothing stopped a restricted connector from running without keys.
describe('restricted data at rest', () => {
  it('seals the stored result and the approval preview, and opens them for replay, approvers and compensation', async () => {
    const h = await startHarness({
      manifest: restricted,
      runtime: { dataKeys: DataKeyring.generate('k1') },
    });
    try {
      const payment = { amount: 77, customer_email: 'restricted@example.com' };
      const asked = await h.runtime.execute('acme', 'ledger', 'create_payment', {
        input: payment,
        actor: 'alice',
        idempotencyKey: 'pay-r1',
      });
      if (asked.status !== 'approval_required') throw new Error('expected approval_required');
      const [stored] = await h.stores.approvals.list('acme');
      expect(stored!.payload_preview).toMatchObject({ $sealed: 'aes-256-gcm', kid: 'k1' });
      expect(
        (await h.runtime.approvals.get('acme', asked.approval_id)).payload_preview,
      ).toMatchObject({
        redacted: 'restricted',
      });
      await h.runtime.approvals.grant('acme', asked.approval_id, 'bob');
      h.vendor.script('/payments', { body: { id: 'pay_secret_77' } });
      const paid = await h.runtime.execute('acme', 'ledger', 'create_payment', {
        input: payment,
        actor: 'alice',
        approvalId: asked.approval_id,
        idempotencyKey: 'pay-r1',
      });
      expect(paid).toMatchObject({ status: 'ok', output: { id: 'pay_secret_77' } });
      const record = await h.stores.idempotency.get(
        { tenant: 'acme', connector: 'ledger', operation: 'create_payment' },
        'pay-r1',
        h.clock.now(),
      );
      expect(record!.result).toMatchObject({ $sealed: 'aes-256-gcm', kid: 'k1' });
      expect(JSON.stringify(record)).not.toContain('pay_secret_77');
      const replay = await h.runtime.execute('acme', 'ledger', 'create_payment', {
        input: payment,
        actor: 'alice',
        approvalId: asked.approval_id,
        idempotencyKey: 'pay-r1',
      });
      expect(replay).toMatchObject({ replayed: true, output: { id: 'pay_secret_77' } });
      // The restricted call's own audit records keep digests only.
      expect(JSON.stringify(await h.stores.audit.list())).not.toContain('pay_secret_77');
      await h.runtime.compensate('acme', 'ledger', 'create_payment', {
        input: payment,
        actor: 'alice',
        idempotencyKey: 'pay-r1',
      });
      expect(JSON.parse(h.vendor.seen.find((r) => r.path === '/refunds')!.body)).toEqual({
        charge_id: 'pay_secret_77',
      });
    } finally {
      await h.stop();
    }
  });

  it('refuses to register a connector handling restricted data without DLX_DATA_KEYS', async () => {
    const runtime = new GovernanceRuntime({ stores: createMemoryStores() });
    await expect(
      runtime.register({
        tenant: 'acme',
        plugin: ledgerConnector,
        manifest: restricted,
        version: '1.0.0',
        config: { base_url: 'http://127.0.0.1:1', api_key: LEDGER_SECRET },
      }),
    ).rejects.toMatchObject({
      code: 'DLX_E_CONFIG_DATA_KEYS_MISSING',
      message: expect.stringContaining('DLX_DATA_KEYS'),
    });
  });
});
