import { parse as parseForm } from 'qs';
import twilio from 'twilio';
import { rawHttpRequest } from '../../http/rawHttpRequest';
import { SimulatorServer } from '../../http/simulatorServer';
import { createTwilioSimulator, startTwilioSimulator } from './twilioSimulator';
import type { TwilioSimulator } from './twilioSimulator';

async function placeCall(
  sim: TwilioSimulator,
  statusCallback: string,
  events: string[],
): Promise<string> {
  const form = new URLSearchParams({
    To: '+15558675310',
    From: '+15017122661',
    Url: 'https://example.test/twiml',
    StatusCallback: statusCallback,
  });
  for (const event of events) form.append('StatusCallbackEvent', event);
  const res = await rawHttpRequest(
    `${sim.baseUrl}/2010-04-01/Accounts/${sim.accountSid}/Calls.json`,
    {
      headers: {
        Authorization: `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
    },
  );
  return (JSON.parse(res.body) as { sid: string }).sid;
}

describe('Twilio callback signatures', () => {
  const offline = createTwilioSimulator({
    accountSid: `AC${'1'.repeat(32)}`,
    authToken: 'f'.repeat(32),
  });

  it('are accepted by the official validateRequest, and a changed param or URL is rejected', () => {
    const url = 'https://hooks.example.test:8443/voice/status?tenant=acme';
    const params = {
      CallSid: `CA${'a'.repeat(32)}`,
      CallStatus: 'completed',
      To: '+15558675310',
      CallDuration: '42',
    };
    const signature = offline.signCallback(url, params);
    expect(twilio.validateRequest(offline.authToken, signature, url, params)).toBe(true);
    expect(
      twilio.validateRequest(offline.authToken, signature, url, { ...params, CallDuration: '43' }),
    ).toBe(false);
    expect(
      twilio.validateRequest(offline.authToken, signature, url.replace('acme', 'other'), params),
    ).toBe(false);
    expect(twilio.validateRequest('0'.repeat(32), signature, url, params)).toBe(false);
  });

  it('sign array params the way twilio-node does (de-duplicated, sorted values)', () => {
    const url = 'https://hooks.example.test/voice';
    const params = { StatusCallbackEvent: ['ringing', 'answered', 'ringing'], CallSid: 'CA1' };
    expect(
      twilio.validateRequest(offline.authToken, offline.signCallback(url, params), url, params),
    ).toBe(true);
  });

  it('deliver the status callback of each subscribed event, signed, to the StatusCallback URL', async () => {
    const sim = await startTwilioSimulator();
    const receiver = new SimulatorServer({
      name: 'host',
      routes: [
        { id: 'status', method: 'POST', path: '/voice/status', handler: () => ({ status: 204 }) },
      ],
    });
    await receiver.start();
    try {
      const callbackUrl = `${receiver.baseUrl}/voice/status?tenant=acme`;
      const sid = await placeCall(sim, callbackUrl, ['ringing', 'completed']);

      sim.advanceCall(sid); // ringing: subscribed
      expect((await sim.deliverStatusCallback(sid))?.status).toBe(204);
      sim.advanceCall(sid); // in-progress ("answered"): not subscribed
      expect(await sim.deliverStatusCallback(sid)).toBeNull();
      sim.advanceCall(sid); // completed
      await sim.deliverStatusCallback(sid);

      const received = receiver.requestsTo('status');
      expect(received).toHaveLength(2);
      for (const delivery of received) {
        const params = parseForm(delivery.rawBody.toString()) as Record<string, string>;
        const signature = delivery.headers['x-twilio-signature'] ?? '';
        expect(twilio.validateRequest(sim.authToken, signature, callbackUrl, params)).toBe(true);
      }
      const last = parseForm(received[1]?.rawBody.toString() ?? '') as Record<string, string>;
      expect(last).toMatchObject({
        CallSid: sid,
        AccountSid: sim.accountSid,
        CallStatus: 'completed',
        Direction: 'outbound-api',
        SequenceNumber: '1',
        CallDuration: expect.stringMatching(/^\d+$/),
      });
      const call = sim.calls.get(sid);
      expect(call && sim.statusCallbackParams(call).CallStatus).toBe('completed');
    } finally {
      await receiver.stop();
      await sim.stop();
    }
  });
});
