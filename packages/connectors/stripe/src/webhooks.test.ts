import { hasErrorCode, type InboundWebhook } from '@dealix/connector-core';
import {
  TENANT,
  outputOf,
  useStripeHarness,
  type StripeHarness,
} from './__fixtures__/stripeHarness';

describe('Stripe webhooks', () => {
  let h: StripeHarness;

  const harness = useStripeHarness();
  beforeEach(async () => {
    h = harness();
  });

  const delivery = (rawBody: string, signature?: string): InboundWebhook => ({
    method: 'POST',
    url: 'https://dealix.example/webhooks/acme/stripe',
    query: {},
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(signature !== undefined && { 'stripe-signature': signature }),
    },
    rawBody: Buffer.from(rawBody, 'utf8'),
    receivedAt: Date.now(),
  });
  const receive = (req: InboundWebhook) => h.runtime.receiveWebhook(TENANT, 'stripe', req);
  const signed = (payload: string, timestamp?: number) =>
    delivery(payload, h.vendor.signWebhook(payload, timestamp));
  const outbox = () => h.stores.outbox.list(TENANT, undefined, 100);

  async function paidIntent(paymentMethod = 'pm_card_visa') {
    const result = await h.approved('create_payment_intent', {
      amount: 1500,
      currency: 'usd',
      ...(paymentMethod !== '' && { confirm: true, payment_method: paymentMethod }),
    });
    return outputOf<{ id: string }>(result).id;
  }

  it('accepts a genuine payment_intent.succeeded as a payment_succeeded event', async () => {
    const id = await paidIntent();
    const payload = h.vendor.webhookEvent(
      'payment_intent.succeeded',
      h.vendor.paymentIntents.get(id),
    );
    const receipt = await receive(signed(payload));
    expect(receipt).toMatchObject({ kind: 'accepted', accepted: 1, duplicates: 0 });

    const [event] = await outbox();
    expect(event).toMatchObject({
      event_id: (JSON.parse(payload) as { id: string }).id,
      type: 'payment_succeeded',
      payload: { payment_intent: id, amount: 1500, currency: 'usd', status: 'succeeded' },
    });
    expect(event!.event_id).toMatch(/^evt_/);
    const audit = await h.stores.audit.list({ tenant: TENANT });
    expect(audit.some((record) => record.event === 'payment_succeeded')).toBe(true);
  });

  it('carries the decline code of a failed payment and the amounts of a refund', async () => {
    const declined = {
      ...h.vendor.paymentIntents.get(await paidIntent(''))!,
      status: 'requires_payment_method',
      last_payment_error: {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'insufficient_funds',
      },
    };
    const paid = await paidIntent();
    await h.approved('refund_payment_intent', { payment_intent: paid, amount: 500 });
    const charge = [...h.vendor.charges.values()].find((c) => c.payment_intent === paid)!;

    await receive(signed(h.vendor.webhookEvent('payment_intent.payment_failed', declined)));
    await receive(signed(h.vendor.webhookEvent('charge.refunded', charge)));
    const events = await outbox();
    expect(events.map((e) => e.type)).toEqual(['payment_failed', 'charge_refunded']);
    expect(events[0]!.payload).toMatchObject({
      failure_code: 'card_declined',
      decline_code: 'insufficient_funds',
    });
    expect(events[1]!.payload).toMatchObject({ payment_intent: paid, amount_refunded: 500 });
  });

  it('accepts event types it does not audit without producing events', async () => {
    const payload = h.vendor.webhookEvent('customer.created', { id: 'cus_1', object: 'customer' });
    expect(await receive(signed(payload))).toMatchObject({ kind: 'accepted', accepted: 0 });
    expect(await outbox()).toHaveLength(0);
  });

  it('stores a redelivered event once', async () => {
    const payload = h.vendor.webhookEvent(
      'payment_intent.succeeded',
      h.vendor.paymentIntents.get(await paidIntent()),
    );
    await receive(signed(payload));
    expect(await receive(signed(payload))).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await outbox()).toHaveLength(1);
  });

  it('accepts any matching v1 signature, as while a secret is being rolled', async () => {
    const payload = h.vendor.webhookEvent(
      'payment_intent.succeeded',
      h.vendor.paymentIntents.get(await paidIntent()),
    );
    const genuine = h.vendor.signWebhook(payload);
    const [t, v1] = genuine.split(',');
    const header = `${t},v1=${'0'.repeat(64)},${v1},v0=deadbeef`;
    expect(await receive(delivery(payload, header))).toMatchObject({ accepted: 1 });
  });

  // Forged and modified signatures, a missing header and a replayed delivery are the
  // conformance suite's webhook checks (src/conformance.test.ts): here, what only Stripe's
  // scheme has.
  describe('rejects, without parsing', () => {
    let payload: string;

    beforeEach(async () => {
      payload = h.vendor.webhookEvent(
        'payment_intent.succeeded',
        h.vendor.paymentIntents.get(await paidIntent()),
      );
    });

    afterEach(async () => {
      expect(await outbox()).toHaveLength(0);
    });

    it('a Stripe-Signature header missing its t= or its v1= part', async () => {
      for (const req of [delivery(payload, 'v1=abc'), delivery(payload, 't=1')]) {
        const error = await h.rejection(() => receive(req));
        expect(hasErrorCode(error, 'DLX_E_WEBHOOK_SIGNATURE_INVALID')).toBe(true);
      }
    });

    it('a genuine delivery signed more than 300 s ago', async () => {
      const stale = Math.floor(h.clock.now() / 1000) - 301;
      const error = await h.rejection(() => receive(signed(payload, stale)));
      expect(hasErrorCode(error, 'DLX_E_WEBHOOK_REPLAYED')).toBe(true);
    });

    it('a genuine delivery dated more than 300 s ahead of the clock (it would stay replayable)', async () => {
      const ahead = Math.floor(h.clock.now() / 1000) + 315_360_000;
      const error = await h.rejection(() => receive(signed(payload, ahead)));
      expect(hasErrorCode(error, 'DLX_E_WEBHOOK_REPLAYED')).toBe(true);
      expect(error.message).toContain('ahead of the clock');
    });

    it('a signed body that is not a Stripe event', async () => {
      const error = await h.rejection(() => receive(signed('{"hello":"world"}')));
      expect(hasErrorCode(error, 'DLX_E_WEBHOOK_MALFORMED')).toBe(true);
      expect(error.details).toMatchObject({ reason: 'malformed' });
    });
  });
});
