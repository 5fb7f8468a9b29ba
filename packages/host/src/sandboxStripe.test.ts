import { join } from 'node:path';
import type { StripeSimulator } from '@dealix/connector-testkit';
import { startHarness, type HostHarness } from './__fixtures__/hostHarness';
import { runCli } from './__fixtures__/runCli';

// Issue "pilot connector": the Stripe connector through the host in sandbox mode, as a new user
// would drive it with the tokens the host prints.
const REPO_ROOT = join(__dirname, '..', '..', '..');
const CREATE = '/api/v1/tenants/sandbox/connectors/stripe/operations/create_payment_intent';
const payment = { amount: 1500, currency: 'usd', confirm: true, payment_method: 'pm_card_visa' };

describe('stripe through the host in sandbox mode', () => {
  let h: HostHarness;
  let stripe: StripeSimulator;
  let op: string;
  let ap: string;
  beforeAll(async () => {
    // No DLX_AUDIT_KEY: sandbox mode generates it and keeps it beside its database.
    h = await startHarness({ rootDir: REPO_ROOT, env: { DLX_AUDIT_KEY: undefined } });
    stripe = h.host.sandbox!.simulators.stripe;
    op = h.host.sandboxTokens!.operator;
    ap = h.host.sandboxTokens!.approver;
  }, 60_000);
  afterAll(() => h?.stop());

  it('runs the whole story: board ok, approval, one payment, compensation, webhooks, audit', async () => {
    const board = await h.call('GET', '/api/v1/connectors/governance?tenant=sandbox');
    expect(
      board.json.tenants[0].connectors.find(
        (c: { connector_key: string }) => c.connector_key === 'stripe',
      ),
    ).toMatchObject({ status: 'ok' });

    const first = await h.call('POST', CREATE, {
      token: op,
      body: payment,
      headers: { 'idempotency-key': 'order-1' },
    });
    expect(first.status).toBe(202);
    const approvalId = first.json.approval_id as string;
    expect(stripe.server.counters.get('payment_intents_created')).toBe(0);

    expect(
      (await h.call('POST', `/api/v1/tenants/sandbox/approvals/${approvalId}/grant`, { token: ap }))
        .status,
    ).toBe(200);
    const run = await h.call('POST', `${CREATE}?approval_id=${approvalId}`, {
      token: op,
      body: payment,
      headers: { 'idempotency-key': 'order-1' },
    });
    expect(run.status).toBe(200);
    expect(run.json.output).toMatchObject({ status: 'succeeded', amount: 1500 });
    const again = await h.call('POST', `${CREATE}?approval_id=${approvalId}`, {
      token: op,
      body: payment,
      headers: { 'idempotency-key': 'order-1' },
    });
    expect(again.json).toMatchObject({ status: 'ok', replayed: true });
    expect(stripe.server.counters.get('payment_intents_created')).toBe(1);

    // Compensation reverses the payment (a refund, since it was captured); it moves money, so it
    // needs its own grant.
    const comp = await h.call('POST', `${CREATE}/compensate`, {
      token: op,
      body: { input: payment },
      headers: { 'idempotency-key': 'order-1' },
    });
    expect(comp.status).toBe(202);
    await h.call('POST', `/api/v1/tenants/sandbox/approvals/${comp.json.approval_id}/grant`, {
      token: ap,
    });
    const undone = await h.call(
      'POST',
      `${CREATE}/compensate?approval_id=${comp.json.approval_id}`,
      { token: op, body: { input: payment }, headers: { 'idempotency-key': 'order-1' } },
    );
    expect(undone.status).toBe(200);
    expect(undone.json.output).toMatchObject({ action: 'refunded' });
    expect(stripe.server.counters.get('refunds_created')).toBe(1);

    // A webhook signed by the simulator is accepted; one with a changed byte is refused.
    const intentId = run.json.output.id as string;
    const body = stripe.webhookEvent(
      'payment_intent.succeeded',
      stripe.paymentIntents.get(intentId),
    );
    const exact = await fetch(`${h.host.url}/webhooks/sandbox/stripe`, {
      method: 'POST',
      headers: { 'stripe-signature': stripe.signWebhook(body), 'content-type': 'application/json' },
      body,
    });
    expect(exact.status).toBe(200);
    expect(await exact.json()).toMatchObject({ accepted: 1 });
    const tampered = body.replace('"amount":1500', '"amount":1501');
    expect(tampered).not.toBe(body);
    const refused = await fetch(`${h.host.url}/webhooks/sandbox/stripe`, {
      method: 'POST',
      headers: { 'stripe-signature': stripe.signWebhook(body), 'content-type': 'application/json' },
      body: tampered,
    });
    expect(refused.status).toBe(401);
    const events = await h.call('GET', '/api/v1/tenants/sandbox/events?after=0', { token: op });
    expect(events.json.events.map((e: { type: string }) => e.type)).toEqual(['payment_succeeded']);

    // Every step is in the audit log, and the chain verifies from the CLI.
    const audit = await h.host.stores.audit.list({ tenant: 'sandbox' });
    const events_ = audit.map((r) => `${r.event}:${r.actor}`);
    for (const step of [
      'approval_requested:sandbox-operator',
      'approval_granted:sandbox-approver',
      'approval_used:sandbox-operator',
      'payment_intent_created:sandbox-operator',
      'idempotent_replay:sandbox-operator',
      'payment_succeeded:webhook:stripe',
    ]) {
      expect(events_).toContain(step);
    }
    const verify = await runCli(['audit', 'verify', '--database', h.host.stores.database], {
      env: {},
      cwd: h.dir,
    });
    expect(verify.code).toBe(0);
  }, 60_000);
});
