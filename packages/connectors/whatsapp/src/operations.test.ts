import { hasErrorCode } from '@dealix/connector-core';
import {
  ACCESS_TOKEN,
  SEND,
  TENANT,
  outputOf,
  useWhatsAppHarness,
  type WhatsAppHarness,
} from './__fixtures__/whatsAppHarness';

interface Sent {
  message_id: string;
  recipient_wa_id: string;
  message_status?: string;
}

describe('WhatsApp operations through the governance runtime', () => {
  let h: WhatsAppHarness;

  const harness = useWhatsAppHarness();
  beforeEach(() => {
    h = harness();
  });

  const sentBody = (index = 0) =>
    JSON.parse(h.vendor.server.requestsTo(SEND)[index]!.rawBody.toString('utf8')) as Record<
      string,
      unknown
    >;

  it('sends a text only with a grant from another person, as Graph expects it', async () => {
    const input = { to: '+15551234567', body: 'Your order A-42 has shipped.' };
    const asked = await h.call('send_text', input, 'ship-42');
    expect(asked.status).toBe('approval_required');
    expect(h.vendor.server.requests).toHaveLength(0);

    const result = await h.approved('send_text', input, 'ship-42');
    const sent = outputOf<Sent>(result);
    expect(sent.message_id).toBe(h.vendor.messages[0]!.id);
    expect(sent.recipient_wa_id).toBe('15551234567');
    expect(sentBody()).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+15551234567',
      type: 'text',
      text: { body: 'Your order A-42 has shipped.', preview_url: false },
    });
    const [request] = h.vendor.server.requestsTo(SEND);
    expect(request!.path).toBe(`/${h.vendor.apiVersion}/${h.vendor.phoneNumberId}/messages`);
    expect(request!.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    // WhatsApp has no idempotency key: nothing of ours goes out as one.
    expect(JSON.stringify(request!.headers)).not.toContain('ship-42');
    expect(h.vendor.server.counters.get('messages_sent')).toBe(1);
    expect(result.status === 'ok' && result.vendor_request_id).toEqual(expect.any(String));
  });

  it('masks the number and the words in audit records', async () => {
    await h.approved('send_text', { to: '15559876543', body: 'Secret discount code' }, 'k-1');
    const audit = JSON.stringify(await h.stores.audit.list({ tenant: TENANT }));
    expect(audit).toContain('text_message_accepted');
    expect(audit).not.toContain('15559876543');
    expect(audit).not.toContain('Secret discount code');
  });

  it('quotes the message a text replies to, and asks for a URL preview when told', async () => {
    await h.approved(
      'send_text',
      {
        to: '15551234567',
        body: 'See https://dealix.example',
        preview_url: true,
        reply_to: 'wamid.ABC123',
      },
      'reply-1',
    );
    expect(sentBody()).toMatchObject({
      text: { preview_url: true },
      context: { message_id: 'wamid.ABC123' },
    });
  });

  it('sends a template with header and body parameters, without approval', async () => {
    const result = await h.call(
      'send_template',
      {
        to: '447700900123',
        template: 'order_update',
        language: 'en_US',
        header_parameters: ['A-42'],
        body_parameters: ['Dana', 'Tuesday'],
      },
      'tpl-1',
    );
    expect(outputOf<Sent>(result).message_id).toBe(h.vendor.messages[0]!.id);
    expect(sentBody()).toMatchObject({
      to: '447700900123',
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US', policy: 'deterministic' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: 'A-42' }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Dana' },
              { type: 'text', text: 'Tuesday' },
            ],
          },
        ],
      },
    });
    // A template without parameters sends no components at all.
    await h.call(
      'send_template',
      { to: '447700900123', template: 'hello_world', language: 'ar' },
      'tpl-2',
    );
    expect(sentBody(1).template).toEqual({
      name: 'hello_world',
      language: { code: 'ar', policy: 'deterministic' },
    });
  });

  it('marks a customer message read, without a caller key', async () => {
    h.vendor.inboundMessageWebhook({ messageId: 'wamid.IN1' });
    const result = await h.call('mark_read', { message_id: 'wamid.IN1' });
    expect(outputOf(result)).toEqual({ message_id: 'wamid.IN1', marked_read: true });
    expect(sentBody()).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.IN1',
    });
    expect(h.vendor.readReceipts).toEqual(['wamid.IN1']);
  });

  it('refuses a send without an Idempotency-Key before anything else happens', async () => {
    for (const [operation, input] of [
      ['send_text', { to: '15551234567', body: 'hi' }],
      ['send_template', { to: '15551234567', template: 'hello_world', language: 'en_US' }],
    ] as const) {
      const error = await h.rejection(() => h.call(operation, input));
      expect(hasErrorCode(error, 'DLX_E_IDEMPOTENCY_KEY_REQUIRED')).toBe(true);
    }
    expect(h.vendor.server.requests).toHaveLength(0);
    expect(await h.runtime.approvals.list(TENANT)).toHaveLength(0);
  });

  it.each([
    ['send_text', 'a number with letters', { to: '+1555CALLME', body: 'hi' }],
    ['send_text', 'an empty body', { to: '15551234567', body: '' }],
    ['send_text', 'a body over 4096 characters', { to: '15551234567', body: 'x'.repeat(4097) }],
    [
      'send_text',
      'a reply to something not a wamid',
      { to: '15551234567', body: 'hi', reply_to: '../me' },
    ],
    [
      'send_template',
      'an upper-case template name',
      { to: '15551234567', template: 'Hello', language: 'en_US' },
    ],
    [
      'send_template',
      'a language that is not a code',
      { to: '15551234567', template: 'a', language: 'english' },
    ],
    ['mark_read', 'a message id that is not a wamid', { message_id: '12345' }],
  ])('%s: rejects %s before any request or approval', async (operation, _case, input) => {
    const error = await h.rejection(() => h.call(operation, input, 'bad-input'));
    expect(hasErrorCode(error, 'DLX_E_RUNTIME_INPUT_INVALID')).toBe(true);
    expect(h.vendor.server.requests).toHaveLength(0);
    expect(await h.runtime.approvals.list(TENANT)).toHaveLength(0);
  });
});

describe('the WhatsApp health probe', () => {
  let h: WhatsAppHarness;
  const harness = useWhatsAppHarness();
  beforeEach(() => {
    h = harness();
  });
  const probe = () => h.runtime.probe(TENANT, 'whatsapp');

  it('reads the phone number object: ok, degraded when Graph is down, error on a refused token', async () => {
    expect(await probe()).toMatchObject({ status: 'ok' });
    const [read] = h.vendor.server.requestsTo('phone_number.get');
    expect(read!.path).toBe(`/${h.vendor.apiVersion}/${h.vendor.phoneNumberId}`);

    h.vendor.server.injectFault({
      route: 'phone_number.get',
      fault: { kind: 'status', status: 503 },
      times: 1,
    });
    expect(await probe()).toMatchObject({
      status: 'degraded',
      detail: 'phone number read failed: DLX_E_VENDOR_TRANSIENT',
    });
    h.vendor.server.injectFault({
      route: 'phone_number.get',
      fault: { kind: 'expired_token' },
      times: 1,
    });
    expect(await probe()).toMatchObject({
      status: 'error',
      detail: 'phone number read failed: DLX_E_VENDOR_AUTH',
    });
  });
});
