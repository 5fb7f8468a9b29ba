import { createMemoryStores } from '../stores/memory';
import { VirtualClock } from './clock';
import { GovernanceRuntime } from './governanceRuntime';
import {
  LEDGER_SECRET,
  ledgerManifestWith,
  rejectionOf,
  startHarness,
} from './__fixtures__/runtimeHarness';
import { ledgerConnector } from './__fixtures__/ledgerConnector';

// Issue 9 item 4 in process: a second start of the same host (same host_id, a new boot_id) on
// the same stores finds the first start's calls in flight. It must neither wait for their
// leases nor ask for their approvals again.
describe('a restart of the same host', () => {
  it('turns the earlier boot’s calls unknown at once, re-runs idempotent ones under their grant', async () => {
    const h = await startHarness();
    const stores = createMemoryStores();
    const clock = new VirtualClock();
    const boot = (boot_id: string) =>
      new GovernanceRuntime({ stores, clock, leaseHolder: { host_id: 'host-1', boot_id } });
    const first = boot('boot-1');
    const second = boot('boot-2');
    for (const runtime of [first, second]) {
      await runtime.register({
        tenant: 'acme',
        plugin: ledgerConnector,
        // Long attempts: the first boot's calls stay in flight for the whole test.
        manifest: ledgerManifestWith({ timeout_ms: 120_000, retry_max: 0, retry_backoff_ms: [] }),
        version: '1.2.3',
        config: { base_url: h.vendor.url, api_key: LEDGER_SECRET },
      });
    }
    try {
      const payment = { amount: 50, customer_email: 'lee@example.com' };
      const charge = { amount: 60, customer_email: 'lee@example.com' };
      const asked = await first.execute('acme', 'ledger', 'create_payment', {
        input: payment,
        actor: 'alice',
        idempotencyKey: 'pay-9',
      });
      if (asked.status !== 'approval_required') throw new Error('expected approval_required');
      await first.approvals.grant('acme', asked.approval_id, 'bob');

      // The first boot sends both calls; the vendor never answers before that process "dies".
      h.vendor.script('/payments', { delayMs: 60_000 }, { body: { id: 'pay_9' } });
      h.vendor.script('/charges', { delayMs: 60_000 });
      const inFlight = [
        first.execute('acme', 'ledger', 'create_payment', {
          input: payment,
          actor: 'alice',
          approvalId: asked.approval_id,
          idempotencyKey: 'pay-9',
        }),
        first.execute('acme', 'ledger', 'create_charge', {
          input: charge,
          actor: 'alice',
          idempotencyKey: 'charge-9',
        }),
      ].map((p) => p.catch(() => undefined));
      for (let i = 0; i < 200 && h.vendor.seen.length < 2; i++) {
        await new Promise((r) => setTimeout(r, 5));
      }

      expect(await second.recoverOrphanedLeases()).toEqual({ unknown: 2, released: 0 });
      // No wait for the lease: the non-idempotent charge is refused at once, for a person...
      expect(
        await rejectionOf(h, () =>
          second.execute('acme', 'ledger', 'create_charge', {
            input: charge,
            actor: 'alice',
            idempotencyKey: 'charge-9',
          }),
        ),
      ).toMatchObject({ code: 'DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN' });
      // ...and the idempotent payment runs again under its key, with the grant it already used.
      expect(
        await second.execute('acme', 'ledger', 'create_payment', {
          input: payment,
          actor: 'alice',
          approvalId: asked.approval_id,
          idempotencyKey: 'pay-9',
        }),
      ).toMatchObject({ status: 'ok', output: { id: 'pay_9' } });
      const sent = h.vendor.seen.filter((r) => r.path === '/payments');
      expect(sent.map((r) => r.headers['idempotency-key'])).toEqual(['pay-9', 'pay-9']);
      // Another call cannot use that grant (it was requested under pay-9).
      expect(
        await rejectionOf(h, () =>
          second.execute('acme', 'ledger', 'create_payment', {
            input: payment,
            actor: 'alice',
            approvalId: asked.approval_id,
            idempotencyKey: 'pay-10',
          }),
        ),
      ).toMatchObject({ code: 'DLX_E_APPROVAL_MISMATCH' });
      await h.vendor.stop().catch(() => undefined);
      await Promise.all(inFlight);
    } finally {
      await first.shutdown(0);
      await second.shutdown(0);
      await h.stop().catch(() => undefined);
    }
  });
});
