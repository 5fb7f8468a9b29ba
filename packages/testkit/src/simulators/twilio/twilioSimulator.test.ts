import { rawHttpRequest } from '../../http/rawHttpRequest';
import type { RawHttpResponse } from '../../http/rawHttpRequest';
import { startTwilioSimulator } from './twilioSimulator';
import type { TwilioSimulator } from './twilioSimulator';

interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

describe('Twilio Voice simulator', () => {
  let sim: TwilioSimulator;
  let auth: Record<string, string>;

  const callsPath = () => `/2010-04-01/Accounts/${sim.accountSid}/Calls`;
  const request = (
    method: string,
    path: string,
    form?: Record<string, string>,
    headers: Record<string, string> = auth,
  ): Promise<RawHttpResponse> =>
    rawHttpRequest(`${sim.baseUrl}${path}`, {
      method,
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form === undefined ? undefined : new URLSearchParams(form).toString(),
    });
  const placeCall = (form: Record<string, string> = {}) =>
    request('POST', `${callsPath()}.json`, {
      To: '+15558675310',
      From: '+15017122661',
      Url: 'https://example.test/twiml',
      ...form,
    });
  const body = <T = Record<string, unknown>>(res: RawHttpResponse): T => JSON.parse(res.body) as T;

  beforeEach(async () => {
    sim = await startTwilioSimulator();
    auth = {
      Authorization: `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}`,
    };
  });

  afterEach(() => sim.stop());

  it('places a call: 201, a CA sid, status queued, RFC 2822 dates', async () => {
    const res = await placeCall();
    expect(res.status).toBe(201);
    const call = body(res);
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call).toMatchObject({
      account_sid: sim.accountSid,
      to: '+15558675310',
      from: '+15017122661',
      status: 'queued',
      direction: 'outbound-api',
      duration: null,
      price: null,
      uri: `${callsPath()}/${call.sid as string}.json`,
    });
    expect(call.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(res.headers['twilio-request-id']).toMatch(/^RQ/);
    expect(sim.server.counters.get('calls_placed')).toBe(1);
    const fetched = await request('GET', `${callsPath()}/${call.sid as string}.json`);
    expect(body(fetched).status).toBe('queued');
  });

  it('rejects missing parameters with 21200 and a bad To with 21211, placing nothing', async () => {
    const noInstructions = await request('POST', `${callsPath()}.json`, {
      To: '+15558675310',
      From: '+15017122661',
    });
    expect(noInstructions.status).toBe(400);
    expect(body<TwilioErrorBody>(noInstructions)).toEqual({
      code: 21200,
      message: expect.any(String),
      more_info: 'https://www.twilio.com/docs/errors/21200',
      status: 400,
    });
    const noTo = await request('POST', `${callsPath()}.json`, {
      From: '+15017122661',
      Twiml: '<Response/>',
    });
    expect(body<TwilioErrorBody>(noTo).code).toBe(21200);
    const badTo = await placeCall({ To: '555-CALL-ME' });
    expect([badTo.status, body<TwilioErrorBody>(badTo).code]).toEqual([400, 21211]);
    expect(sim.server.counters.get('calls_placed')).toBe(0);
  });

  it('refuses bad credentials with 20003 and another account with 20404', async () => {
    const wrongToken = `Basic ${Buffer.from(`${sim.accountSid}:nope`).toString('base64')}`;
    const denied = await request(
      'POST',
      `${callsPath()}.json`,
      { To: '+15558675310', From: '+15017122661', Url: 'https://example.test/twiml' },
      { Authorization: wrongToken },
    );
    expect(denied.status).toBe(401);
    expect(body<TwilioErrorBody>(denied)).toMatchObject({
      code: 20003,
      message: 'Authenticate',
      status: 401,
    });
    expect(denied.headers['www-authenticate']).toContain('Basic');
    const otherAccount = await request(
      'GET',
      `/2010-04-01/Accounts/AC${'0'.repeat(32)}/Calls/CA1.json`,
    );
    expect([otherAccount.status, body<TwilioErrorBody>(otherAccount).code]).toEqual([404, 20404]);
    expect(sim.server.counters.get('calls_placed')).toBe(0);
  });

  it("accepts the account's API key and secret as Basic auth, and refuses a wrong secret", async () => {
    const basic = (user: string, password: string) => ({
      Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    });
    expect(sim.apiKeySid).toMatch(/^SK[0-9a-f]{32}$/);
    const withKey = await request(
      'GET',
      `/2010-04-01/Accounts/${sim.accountSid}.json`,
      undefined,
      basic(sim.apiKeySid, sim.apiKeySecret),
    );
    expect(withKey.status).toBe(200);
    const wrongSecret = await request(
      'GET',
      `/2010-04-01/Accounts/${sim.accountSid}.json`,
      undefined,
      basic(sim.apiKeySid, sim.authToken),
    );
    expect([wrongSecret.status, body<TwilioErrorBody>(wrongSecret).code]).toEqual([401, 20003]);
  });

  it('answers the account read used as a health check', async () => {
    const res = await request('GET', `/2010-04-01/Accounts/${sim.accountSid}.json`);
    expect(res.status).toBe(200);
    expect(body(res)).toMatchObject({ sid: sim.accountSid, status: 'active' });
  });

  describe('call state', () => {
    // twilio.com/docs/api/rest/change-call-state: "Specifying canceled will attempt to hangup
    // calls that are queued or ringing but not affect calls already in progress. Specifying
    // completed will attempt to hang up a call even if it's already in progress."
    const update = (sid: string, status: string) =>
      request('POST', `${callsPath()}/${sid}.json`, { Status: status });

    it('cancels a queued or ringing call with Status=canceled', async () => {
      const queued = body(await placeCall()).sid as string;
      const ringing = body(await placeCall()).sid as string;
      sim.advanceCall(ringing);
      expect(sim.calls.get(ringing)?.status).toBe('ringing');
      for (const sid of [queued, ringing]) {
        const canceled = await update(sid, 'canceled');
        expect([canceled.status, body(canceled).status]).toEqual([200, 'canceled']);
        expect(sim.calls.get(sid)?.status).toBe('canceled');
      }
      expect(sim.server.counters.get('calls_canceled')).toBe(2);
    });

    it('leaves an in-progress call up on Status=canceled: 200 and the call as it is', async () => {
      const sid = body(await placeCall()).sid as string;
      sim.advanceCall(sid, 'in-progress');
      const canceled = await update(sid, 'canceled');
      expect(canceled.status).toBe(200);
      expect(body(canceled)).toMatchObject({ sid, status: 'in-progress', end_time: null });
      expect(sim.calls.get(sid)?.status).toBe('in-progress');
      expect(sim.server.counters.snapshot()).toEqual({ calls_placed: 1 });
    });

    it('ends a call in any live state with Status=completed', async () => {
      const queued = body(await placeCall()).sid as string;
      const ringing = body(await placeCall()).sid as string;
      sim.advanceCall(ringing, 'ringing');
      const answered = body(await placeCall()).sid as string;
      sim.advanceCall(answered, 'in-progress');
      // Not answered yet: the ringing stops and the call ends canceled, as Twilio names it.
      for (const sid of [queued, ringing]) {
        const ended = await update(sid, 'completed');
        expect([ended.status, body(ended).status]).toEqual([200, 'canceled']);
        expect(sim.calls.get(sid)?.status).toBe('canceled');
      }
      const hungUp = await update(answered, 'completed');
      expect([hungUp.status, body(hungUp)]).toEqual([
        200,
        expect.objectContaining({ status: 'completed', duration: '0' }),
      ]);
      expect(sim.server.counters.snapshot()).toEqual({
        calls_placed: 3,
        calls_canceled: 2,
        calls_hung_up: 1,
      });
    });

    it('refuses to update a call that has ended ([U] 21220) and other Status values', async () => {
      const sid = body(await placeCall()).sid as string;
      const bogus = await update(sid, 'paused');
      expect([bogus.status, body<TwilioErrorBody>(bogus).code]).toEqual([400, 20001]);
      expect((await update(sid, 'canceled')).status).toBe(200);
      for (const status of ['canceled', 'completed']) {
        const again = await update(sid, status);
        expect([again.status, body<TwilioErrorBody>(again).code]).toEqual([400, 21220]);
      }
      expect(sim.calls.get(sid)?.status).toBe('canceled');
      expect(sim.server.counters.get('calls_canceled')).toBe(1);
    });

    it('advances a call through the HTTP control API', async () => {
      const sid = body(await placeCall()).sid as string;
      const ringing = await rawHttpRequest(`${sim.baseUrl}/__sim/calls/${sid}/advance`, {
        method: 'POST',
      });
      expect(body(ringing).status).toBe('ringing');
      const busy = await rawHttpRequest(`${sim.baseUrl}/__sim/calls/${sid}/advance`, {
        body: JSON.stringify({ status: 'busy' }),
      });
      expect(body(busy).status).toBe('busy');
      const unknown = await request('GET', `${callsPath()}/CA${'f'.repeat(32)}.json`);
      expect([unknown.status, body<TwilioErrorBody>(unknown).code]).toEqual([404, 20404]);
    });
  });

  describe('faults on calls.create', () => {
    const route = 'calls.create';

    it('answers 20429 with Retry-After, 20104 for an expired token, Twilio-shaped 5xx and a malformed body', async () => {
      sim.server.injectFault({
        route,
        fault: { kind: 'rate_limit', retryAfterSeconds: 4 },
        times: 1,
      });
      sim.server.injectFault({ route, fault: { kind: 'expired_token' }, times: 1 });
      sim.server.injectFault({ route, fault: { kind: 'status', status: 500 }, times: 1 });
      sim.server.injectFault({ route, fault: { kind: 'malformed' }, times: 1 });
      const limited = await placeCall();
      expect([
        limited.status,
        limited.headers['retry-after'],
        body<TwilioErrorBody>(limited).code,
      ]).toEqual([429, '4', 20429]);
      const expired = await placeCall();
      expect([expired.status, body<TwilioErrorBody>(expired).code]).toEqual([401, 20104]);
      const failed = await placeCall();
      expect(body<TwilioErrorBody>(failed)).toMatchObject({ code: 20500, status: 500 });
      const malformed = await placeCall();
      expect(() => JSON.parse(malformed.body)).toThrow(SyntaxError);
      expect(sim.server.counters.get('calls_placed')).toBe(0);
    });

    it('resets before and after placing, and delays while still placing the call', async () => {
      sim.server.injectFault({ route, fault: { kind: 'reset' }, times: 1 });
      sim.server.injectFault({ route, fault: { kind: 'reset_after_processing' }, times: 1 });
      sim.server.injectFault({ route, fault: { kind: 'delay', ms: 150 }, times: 1 });
      await expect(placeCall()).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(sim.server.counters.get('calls_placed')).toBe(0);
      await expect(placeCall()).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(sim.server.counters.get('calls_placed')).toBe(1);
      expect((await placeCall()).status).toBe(201);
      expect(sim.calls.size).toBe(2);
    });
  });
});
