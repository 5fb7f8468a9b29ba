import { hasErrorCode, type InboundWebhook } from '@dealix/connector-core';
import {
  TENANT,
  VERIFY_TOKEN,
  outputOf,
  useWhatsAppHarness,
  type WhatsAppHarness,
} from './__fixtures__/whatsAppHarness';

describe('WhatsApp webhooks', () => {
  let h: WhatsAppHarness;

  const harness = useWhatsAppHarness();
  beforeEach(() => {
    h = harness();
  });

  const outbox = () => h.stores.outbox.list(TENANT, undefined, 100);
  const audit = async (event: string) =>
    (await h.stores.audit.list({ tenant: TENANT })).filter((r) => r.event === event);

  /** Sends a text (approved) and returns the call's correlation id and the message id. */
  async function sendText(key = 'send-1') {
    const result = await h.approved(
      'send_text',
      { to: '15551234567', body: 'Your order shipped' },
      { idempotencyKey: key, correlationId: `corr-${key}` },
    );
    return { correlation: `corr-${key}`, id: outputOf<{ message_id: string }>(result).message_id };
  }

  describe('the GET subscription handshake', () => {
    const handshake = (query: Record<string, string>): InboundWebhook => ({
      method: 'GET',
      url: `https://dealix.example/webhooks/${TENANT}/whatsapp`,
      query,
      headers: {},
      rawBody: Buffer.alloc(0),
      receivedAt: Date.now(),
    });
    const receive = (query: Record<string, string>) =>
      h.runtime.receiveWebhook(TENANT, 'whatsapp', handshake(query));

    it('answers the challenge as plain text when the verify token matches', async () => {
      const query = Object.fromEntries(
        new URLSearchParams(h.vendor.verificationQuery('1158201444')),
      );
      expect(await receive(query)).toEqual({
        kind: 'respond',
        status: 200,
        body: '1158201444',
        contentType: 'text/plain',
      });
    });

    it('refuses a wrong token, another mode and a challenge it would not echo', async () => {
      const wrong = Object.fromEntries(
        new URLSearchParams(h.vendor.verificationQuery('1', 'nope')),
      );
      for (const query of [
        wrong,
        { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' },
        { 'hub.challenge': '1' },
      ]) {
        const error = await h.rejection(() => receive(query));
        expect(hasErrorCode(error, 'DLX_E_WEBHOOK_SIGNATURE_INVALID')).toBe(true);
      }
      const script = await h.rejection(() =>
        receive({
          'hub.mode': 'subscribe',
          'hub.verify_token': VERIFY_TOKEN,
          'hub.challenge': '<script>',
        }),
      );
      expect(hasErrorCode(script, 'DLX_E_WEBHOOK_MALFORMED')).toBe(true);
    });
  });

  it('links sent, delivered, read to the send that created the message', async () => {
    const { correlation, id } = await sendText();
    for (const status of ['sent', 'delivered', 'read'] as const) {
      const body = h.vendor.statusWebhook({ messageId: id, status, timestamp: 1_700_000_000 });
      expect(await h.deliver(body)).toMatchObject({ kind: 'accepted', accepted: 1 });
    }
    const events = await outbox();
    expect(events.map((e) => [e.type, e.correlation_id])).toEqual([
      ['message_sent', correlation],
      ['message_delivered', correlation],
      ['message_read', correlation],
    ]);
    expect(events[0]!.payload).toMatchObject({
      message_id: id,
      status: 'sent',
      recipient_id: '15551234567',
      timestamp: '2023-11-14T22:13:20.000Z',
      pricing_category: 'utility',
      billable: true,
    });
    // The audit trail carries the same link, and masks the customer's number.
    const [read] = await audit('message_read');
    expect(read).toMatchObject({ correlation_id: correlation, actor: 'webhook:whatsapp' });
    expect(JSON.stringify(read!.payload)).not.toContain('15551234567');
  });

  it('carries the Graph code of a failed message', async () => {
    const { correlation, id } = await sendText();
    const body = h.vendor.statusWebhook({
      messageId: id,
      status: 'failed',
      errors: [{ code: 131026, title: 'Message undeliverable' }],
    });
    await h.deliver(body);
    const [failed] = await outbox();
    expect(failed).toMatchObject({ type: 'message_failed', correlation_id: correlation });
    expect(failed!.payload).toMatchObject({
      errors: [{ code: 131026, title: 'Message undeliverable' }],
    });
  });

  it('stores a repeated status once, and the next status of the same message anew', async () => {
    const { id } = await sendText();
    const delivered = h.vendor.statusWebhook({ messageId: id, status: 'delivered' });
    await h.deliver(delivered);
    expect(await h.deliver(delivered)).toMatchObject({ accepted: 0, duplicates: 1 });
    // Meta re-sends with a new timestamp too: the message and status still name the event.
    const later = h.vendor.statusWebhook({ messageId: id, status: 'delivered', timestamp: 1 });
    expect(await h.deliver(later)).toMatchObject({ accepted: 0, duplicates: 1 });
    const read = h.vendor.statusWebhook({ messageId: id, status: 'read' });
    expect(await h.deliver(read)).toMatchObject({ accepted: 1 });
    expect((await outbox()).map((e) => e.type)).toEqual(['message_delivered', 'message_read']);
  });

  it('puts an inbound message in the outbox whole, and masks the person in audit', async () => {
    const body = h.vendor.inboundMessageWebhook({
      from: '15557654321',
      text: 'Can I change the delivery address?',
      profileName: 'Dana Haddad',
      timestamp: 1_700_000_000,
    });
    expect(await h.deliver(body)).toMatchObject({ accepted: 1 });
    const [received] = await outbox();
    expect(received).toMatchObject({
      type: 'message_received',
      event_id: h.vendor.inbound[0]!.id,
      payload: {
        message_id: h.vendor.inbound[0]!.id,
        from: '15557654321',
        profile_name: 'Dana Haddad',
        type: 'text',
        text: 'Can I change the delivery address?',
        timestamp: '2023-11-14T22:13:20.000Z',
      },
    });
    expect(received!.correlation_id).toBeUndefined();
    const [audited] = await audit('message_received');
    const text = JSON.stringify(audited!.payload);
    for (const personal of ['15557654321', 'Dana Haddad', 'delivery address']) {
      expect(text).not.toContain(personal);
    }
    expect(text).toContain(h.vendor.inbound[0]!.id);
    // Redelivered, it is stored once.
    expect(await h.deliver(body)).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it("links a customer's reply to the send it answers", async () => {
    const { correlation, id } = await sendText();
    await h.deliver(h.vendor.inboundMessageWebhook({ text: 'Thanks!', contextMessageId: id }));
    const [reply] = await outbox();
    expect(reply).toMatchObject({
      type: 'message_received',
      correlation_id: correlation,
      payload: { reply_to: id },
    });
  });

  it("accepts what is not this number's messages without events", async () => {
    const other = h.vendor
      .statusWebhook({ messageId: 'wamid.OTHER', status: 'sent' })
      .replace(`"phone_number_id":"${h.vendor.phoneNumberId}"`, '"phone_number_id":"999"');
    const templateReview = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'message_template_status_update',
              value: { event: 'APPROVED', message_template_name: 'order_update' },
            },
          ],
        },
      ],
    });
    const deleted = h.vendor
      .statusWebhook({ messageId: 'wamid.GONE', status: 'sent' })
      .replace('"status":"sent"', '"status":"deleted"');
    for (const body of [other, templateReview, deleted]) {
      expect(await h.deliver(body)).toMatchObject({ kind: 'accepted', accepted: 0 });
    }
    expect(await outbox()).toHaveLength(0);
  });

  // Forged and modified signatures, a missing header and a replay are the conformance suite's
  // webhook checks (src/conformance.test.ts): here, what only WhatsApp's scheme has.
  describe('rejects, storing nothing', () => {
    afterEach(async () => {
      expect(await outbox()).toHaveLength(0);
    });

    it('a signature without its sha256= prefix', async () => {
      const body = h.vendor.inboundMessageWebhook();
      const bare = h.vendor.signWebhook(body).slice('sha256='.length);
      const error = await h.rejection(() => h.deliver(body, bare));
      expect(hasErrorCode(error, 'DLX_E_WEBHOOK_SIGNATURE_INVALID')).toBe(true);
    });

    it('a signed body that is not a WhatsApp notification, or a messages change out of shape', async () => {
      const notOurs = JSON.stringify({ object: 'page', entry: [] });
      const broken = h.vendor
        .inboundMessageWebhook()
        .replace('"messaging_product":"whatsapp"', '"messaging_product":"sms"');
      for (const body of [notOurs, broken, 'not json']) {
        const error = await h.rejection(() => h.deliver(body));
        expect(hasErrorCode(error, 'DLX_E_WEBHOOK_MALFORMED')).toBe(true);
      }
    });
  });
});
