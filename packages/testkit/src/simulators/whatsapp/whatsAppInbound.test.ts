import { rawHttpRequest } from '../../http/rawHttpRequest';
import type { RawHttpResponse } from '../../http/rawHttpRequest';
import { SimulatorServer } from '../../http/simulatorServer';
import { startWhatsAppSimulator } from './whatsAppSimulator';
import type { WhatsAppSimulator } from './whatsAppSimulator';

interface GraphErrorBody {
  error: { code: number; fbtrace_id: string; error_data?: { details: string } };
}

describe('WhatsApp simulator: inbound messages, mark as read, the 24-hour window', () => {
  let sim: WhatsAppSimulator;

  const post = (body: unknown): Promise<RawHttpResponse> =>
    rawHttpRequest(`${sim.baseUrl}/${sim.apiVersion}/${sim.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const markRead = (messageId: unknown, status = 'read') =>
    post({ messaging_product: 'whatsapp', status, message_id: messageId });
  const text = (to: string) =>
    post({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'Thanks!' } });
  const error = (res: RawHttpResponse) => (JSON.parse(res.body) as GraphErrorBody).error;

  afterEach(() => sim.stop());

  it('builds the inbound message notification Meta posts and records the message', async () => {
    sim = await startWhatsAppSimulator({ phoneNumberId: '123' });
    const body = JSON.parse(
      sim.inboundMessageWebhook({
        from: '15551234567',
        text: 'Is my order ready?',
        profileName: 'Dana',
        messageId: 'wamid.in1',
        timestamp: 1_700_000_000,
        contextMessageId: 'wamid.out1',
      }),
    );
    const value = body.entry[0].changes[0].value;
    expect(value.metadata.phone_number_id).toBe('123');
    expect(value.contacts).toEqual([{ profile: { name: 'Dana' }, wa_id: '15551234567' }]);
    expect(value.messages).toEqual([
      {
        from: '15551234567',
        id: 'wamid.in1',
        timestamp: '1700000000',
        type: 'text',
        text: { body: 'Is my order ready?' },
        context: { from: expect.any(String), id: 'wamid.out1' },
      },
    ]);
    expect(sim.inbound.map((m) => m.id)).toEqual(['wamid.in1']);
  });

  it('marks a received message read, and refuses unknown ids and bad bodies with code 100', async () => {
    sim = await startWhatsAppSimulator();
    sim.inboundMessageWebhook({ messageId: 'wamid.in2' });
    const ok = await markRead('wamid.in2');
    expect([ok.status, JSON.parse(ok.body)]).toEqual([200, { success: true }]);
    expect(sim.readReceipts).toEqual(['wamid.in2']);
    expect(sim.server.counters.get('messages_marked_read')).toBe(1);

    for (const res of [await markRead('wamid.never'), await markRead('wamid.in2', 'seen')]) {
      expect([res.status, error(res).code]).toEqual([400, 100]);
    }
    expect(sim.server.counters.get('messages_marked_read')).toBe(1);
    expect(sim.server.counters.get('messages_sent')).toBe(0);
  });

  it('refuses free-form text outside the 24-hour window with 131047 when asked to', async () => {
    sim = await startWhatsAppSimulator({ customerServiceWindow: true });
    const closed = await text('15557654321');
    expect([closed.status, error(closed).code]).toEqual([400, 131047]);
    expect(error(closed).error_data?.details).toContain('24 hours');
    // The trace id of the body is the one in the header, as Graph sends it.
    expect(closed.headers['x-fb-trace-id']).toBe(error(closed).fbtrace_id);

    const template = await post({
      messaging_product: 'whatsapp',
      to: '15557654321',
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    expect(template.status).toBe(200);
    sim.inboundMessageWebhook({ from: '15557654321' });
    expect((await text('+15557654321')).status).toBe(200);
    expect(sim.server.counters.get('messages_sent')).toBe(2);
  });

  it('delivers a signed inbound text on demand, and names the events it delivers', async () => {
    sim = await startWhatsAppSimulator();
    const receiver = new SimulatorServer({
      name: 'receiver',
      routes: [{ id: 'hook', method: 'POST', path: '/hook', handler: () => ({ status: 200 }) }],
    });
    await receiver.start();
    try {
      expect(sim.webhookEventTypes).toContain('messages.text');
      expect((await sim.deliverEvent(`${receiver.baseUrl}/hook`, 'messages.text')).status).toBe(
        200,
      );
      const [delivered] = receiver.requestsTo('hook');
      const raw = delivered!.rawBody.toString();
      expect(delivered!.headers['x-hub-signature-256']).toBe(sim.signWebhook(raw));
      const message = JSON.parse(raw).entry[0].changes[0].value.messages[0];
      expect(message.id).toBe(sim.inbound[0]!.id);
      await expect(sim.deliverEvent(`${receiver.baseUrl}/hook`, 'messages.video')).rejects.toThrow(
        'it delivers statuses.sent, statuses.delivered, statuses.read, statuses.failed, messages.text',
      );
    } finally {
      await receiver.stop();
    }
  });
});
