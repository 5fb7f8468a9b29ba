import { createHmac, timingSafeEqual } from 'node:crypto';
import { SimulatorServer } from '../../http/simulatorServer';
import { createWhatsAppSimulator } from './whatsAppSimulator';

/** What a receiver does, per Meta and the official SDK: HMAC-SHA256 of the raw body, App Secret. */
function verify(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (header === undefined || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', appSecret).update(rawBody).digest('hex'));
  const actual = Buffer.from(header.slice('sha256='.length));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

describe('WhatsApp webhook helpers', () => {
  const sim = createWhatsAppSimulator({
    appSecret: 'app-secret',
    verifyToken: 'verify-me',
    phoneNumberId: '123',
  });

  it('signs the raw body as X-Hub-Signature-256 and a changed byte fails verification', () => {
    const body = sim.statusWebhook({
      messageId: 'wamid.abc',
      status: 'delivered',
      recipientId: '15551234567',
    });
    const header = sim.signWebhook(body);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verify('app-secret', Buffer.from(body), header)).toBe(true);
    expect(verify('app-secret', Buffer.from(body.replace('delivered', 'delivereD')), header)).toBe(
      false,
    );
    expect(verify('other-secret', Buffer.from(body), header)).toBe(false);
  });

  it('builds the status notification shape Meta posts', () => {
    const body = JSON.parse(
      sim.statusWebhook({
        messageId: 'wamid.abc',
        status: 'failed',
        timestamp: 1_700_000_000,
        errors: [{ code: 131026, title: 'Message undeliverable' }],
      }),
    );
    expect(body.object).toBe('whatsapp_business_account');
    const change = body.entry[0].changes[0];
    expect(change.field).toBe('messages');
    expect(change.value.metadata.phone_number_id).toBe('123');
    expect(change.value.statuses[0]).toMatchObject({
      id: 'wamid.abc',
      status: 'failed',
      timestamp: '1700000000',
      errors: [
        {
          code: 131026,
          title: 'Message undeliverable',
          error_data: { details: 'Message undeliverable' },
        },
      ],
    });
  });

  it('builds the GET verification handshake query', () => {
    const query = new URLSearchParams(sim.verificationQuery('1158201444'));
    expect(query.get('hub.mode')).toBe('subscribe');
    expect(query.get('hub.verify_token')).toBe('verify-me');
    expect(query.get('hub.challenge')).toBe('1158201444');
    expect(new URLSearchParams(sim.verificationQuery('1', 'wrong')).get('hub.verify_token')).toBe(
      'wrong',
    );
  });

  it('delivers a signed webhook to a receiver, byte for byte', async () => {
    const receiver = new SimulatorServer({
      name: 'receiver',
      routes: [
        {
          id: 'hook',
          method: 'POST',
          path: '/webhooks/whatsapp',
          handler: () => ({ status: 200 }),
        },
      ],
    });
    await receiver.start();
    try {
      const body = sim.statusWebhook({ messageId: 'wamid.abc', status: 'read' });
      const res = await sim.deliverWebhook(`${receiver.baseUrl}/webhooks/whatsapp`, body);
      expect(res.status).toBe(200);
      const [delivered] = receiver.requestsTo('hook');
      expect(delivered?.rawBody.toString()).toBe(body);
      expect(
        verify(
          'app-secret',
          delivered?.rawBody ?? Buffer.alloc(0),
          delivered?.headers['x-hub-signature-256'],
        ),
      ).toBe(true);
    } finally {
      await receiver.stop();
    }
  });
});
