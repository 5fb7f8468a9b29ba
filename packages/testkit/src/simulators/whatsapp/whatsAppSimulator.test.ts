import { rawHttpRequest } from '../../http/rawHttpRequest';
import type { RawHttpResponse } from '../../http/rawHttpRequest';
import { graphError } from './graphErrors';
import { startWhatsAppSimulator } from './whatsAppSimulator';
import type { WhatsAppSimulator } from './whatsAppSimulator';

interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    fbtrace_id: string;
    error_data?: { messaging_product: string; details: string };
  };
}

const textMessage = (to = '15551234567') => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'text',
  text: { body: 'Your order shipped', preview_url: false },
});

describe('WhatsApp Cloud API simulator', () => {
  let sim: WhatsAppSimulator;

  const send = (
    body: unknown,
    options: { token?: string; phoneNumberId?: string; version?: string } = {},
  ): Promise<RawHttpResponse> =>
    rawHttpRequest(
      `${sim.baseUrl}/${options.version ?? sim.apiVersion}/${options.phoneNumberId ?? sim.phoneNumberId}/messages`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${options.token ?? sim.accessToken}`,
          'Content-Type': 'application/json',
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      },
    );
  const error = (res: RawHttpResponse) => (JSON.parse(res.body) as GraphErrorBody).error;

  beforeEach(async () => {
    sim = await startWhatsAppSimulator();
  });

  afterEach(() => sim.stop());

  it('sends a text message and answers contacts and a wamid', async () => {
    const res = await send(textMessage());
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.messaging_product).toBe('whatsapp');
    expect(body.contacts).toEqual([{ input: '15551234567', wa_id: '15551234567' }]);
    expect(body.messages[0].id).toMatch(/^wamid\./);
    expect(body.messages[0].message_status).toBeUndefined();
    expect(sim.messages[0]).toMatchObject({
      to: '15551234567',
      type: 'text',
      id: body.messages[0].id,
    });
    expect(sim.server.counters.get('messages_sent')).toBe(1);
  });

  it('sends a template message with components, as a reply', async () => {
    const res = await send({
      messaging_product: 'whatsapp',
      to: '+447700900123',
      type: 'template',
      context: { message_id: 'wamid.previous' },
      template: {
        name: 'order_update',
        language: { code: 'en_US', policy: 'deterministic' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-42' }] }],
      },
    });
    expect(res.status).toBe(200);
    expect(sim.messages[0]).toMatchObject({
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' } },
      contextMessageId: 'wamid.previous',
    });
  });

  it('rejects bodies Graph rejects with code 100 and error_data.details', async () => {
    const bad: unknown[] = [
      { ...textMessage(), messaging_product: 'sms' },
      textMessage('not-a-number'),
      { ...textMessage(), type: 'video' },
      { ...textMessage(), text: { body: '' } },
      {
        messaging_product: 'whatsapp',
        to: '15551234567',
        type: 'template',
        template: { name: 'x' },
      },
      '{"messaging_product":',
    ];
    for (const body of bad) {
      const res = await send(body);
      expect(res.status).toBe(400);
      expect(error(res)).toMatchObject({ code: 100, type: 'OAuthException' });
      expect(error(res).error_data?.details).toEqual(expect.any(String));
      expect(error(res).message).toMatch(/^\(#100\) /);
    }
    expect(sim.server.counters.get('messages_sent')).toBe(0);
  });

  it('refuses a bad token with 401 / 190 and an unknown phone number id with 400 / 100', async () => {
    const badToken = await send(textMessage(), { token: 'EAAGnope' });
    expect(badToken.status).toBe(401);
    expect(error(badToken).code).toBe(190);
    expect(badToken.body).not.toContain(sim.accessToken);

    const unknownNumber = await send(textMessage(), { phoneNumberId: '999' });
    expect(unknownNumber.status).toBe(400);
    expect(error(unknownNumber)).toMatchObject({
      code: 100,
      type: 'GraphMethodException',
      error_subcode: 33,
    });
    expect(sim.server.counters.get('messages_sent')).toBe(0);
  });

  it('answers the cheap health read with the phone number', async () => {
    const res = await rawHttpRequest(`${sim.baseUrl}/${sim.apiVersion}/${sim.phoneNumberId}`, {
      headers: { Authorization: `Bearer ${sim.accessToken}` },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ id: sim.phoneNumberId, quality_rating: 'GREEN' });
  });

  describe('faults on messages.send', () => {
    const route = 'messages.send';

    it('answers rate limit 130429 with the configured HTTP status', async () => {
      sim.server.injectFault({
        route,
        fault: { kind: 'rate_limit', retryAfterSeconds: 1 },
        times: 1,
      });
      const defaultStatus = await send(textMessage());
      expect(defaultStatus.status).toBe(400);
      expect(error(defaultStatus)).toMatchObject({
        code: 130429,
        message: '(#130429) Rate limit hit',
      });
      expect(defaultStatus.headers['retry-after']).toBe('1');

      await sim.stop();
      sim = await startWhatsAppSimulator({ rateLimitHttpStatus: 429 });
      sim.server.injectFault({
        route,
        fault: { kind: 'rate_limit', retryAfterSeconds: 1 },
        times: 1,
      });
      const tooMany = await send(textMessage());
      expect([tooMany.status, error(tooMany).code]).toEqual([429, 130429]);
    });

    it('answers an expired token with 401 / 190 and other injected statuses as Graph errors', async () => {
      sim.server.injectFault({ route, fault: { kind: 'expired_token' }, times: 1 });
      sim.server.injectFault({ route, fault: { kind: 'status', status: 503 }, times: 1 });
      const pairLimit = graphError(400, {
        code: 131056,
        title: '(Business Account, Consumer Account) pair rate limit hit',
        details: 'Message failed to send because there were too many messages sent to this number.',
      });
      sim.server.injectFault({
        route,
        fault: { kind: 'status', status: 400, body: pairLimit.body },
        times: 1,
      });

      const expired = await send(textMessage());
      expect([expired.status, error(expired).code, error(expired).error_subcode]).toEqual([
        401, 190, 463,
      ]);
      const unavailable = await send(textMessage());
      expect([unavailable.status, error(unavailable).code]).toEqual([503, 2]);
      const pair = await send(textMessage());
      expect([pair.status, error(pair).code]).toEqual([400, 131056]);
      expect(sim.server.counters.get('messages_sent')).toBe(0);
    });

    it('resets, resets after sending, delays and sends a malformed body', async () => {
      sim.server.injectFault({ route, fault: { kind: 'reset' }, times: 1 });
      sim.server.injectFault({ route, fault: { kind: 'reset_after_processing' }, times: 1 });
      sim.server.injectFault({ route, fault: { kind: 'malformed' }, times: 1 });
      sim.server.injectFault({ route, fault: { kind: 'delay', ms: 150 }, times: 1 });
      await expect(send(textMessage())).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(sim.server.counters.get('messages_sent')).toBe(0);
      await expect(send(textMessage())).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(sim.server.counters.get('messages_sent')).toBe(1);
      const malformed = await send(textMessage());
      expect(() => JSON.parse(malformed.body)).toThrow(SyntaxError);
      const slow = await send(textMessage());
      expect(slow.status).toBe(200);
      expect(sim.server.counters.get('messages_sent')).toBe(2);
    });
  });

  it('honours a message_status option for responses that carry it', async () => {
    await sim.stop();
    sim = await startWhatsAppSimulator({ includeMessageStatus: true });
    const res = await send(textMessage());
    expect(JSON.parse(res.body).messages[0].message_status).toBe('accepted');
  });
});
