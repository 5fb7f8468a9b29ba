import {
  ACCOUNT_SID,
  API_KEY_SECRET,
  API_KEY_SID,
  FROM_NUMBER,
  TENANT,
  TO_NUMBER,
  WEBHOOK_URL,
  failWithTwilioCode,
  outputOf,
  placedCall,
  seedCall,
  useVoiceHarness,
} from './__fixtures__/voiceHarness';
import { voiceConfig } from './voiceConfig';

const TWIML = '<Response><Say>Your order is ready.</Say></Response>';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('voice operations against the Twilio simulator', () => {
  const harness = useVoiceHarness();

  it('places a call after approval, with the StatusCallback on the public webhook URL carrying its correlation id', async () => {
    const h = harness();
    const first = await h.call('place_call', { to: TO_NUMBER, twiml: TWIML }, 'call-1');
    expect(first.status).toBe('approval_required');
    expect(h.vendor.server.requests).toHaveLength(0);

    const sid = await placedCall(h, 'call-1');
    expect(sid).toMatch(/^CA[0-9a-f]{32}$/);
    const [sent] = h.vendor.server.requests;
    expect(sent!.headers.authorization).toBe(basic(ACCOUNT_SID, String(h.config.auth_token)));
    const form = new URLSearchParams(sent!.rawBody.toString('utf8'));
    expect(Object.fromEntries(form)).toMatchObject({
      To: TO_NUMBER,
      From: FROM_NUMBER,
      Twiml: TWIML,
      StatusCallbackMethod: 'POST',
    });
    // The webhook URL with the call's correlation id, which Twilio signs with the rest.
    const placement = (await h.stores.audit.list({ tenant: TENANT })).find(
      (r) => r.operation === 'place_call' && r.outcome === 'success',
    )!;
    const statusCallback = `${WEBHOOK_URL}?dlx_correlation_id=${encodeURIComponent(placement.correlation_id)}`;
    expect(form.get('StatusCallback')).toBe(statusCallback);
    expect(form.getAll('StatusCallbackEvent')).toEqual([
      'initiated',
      'ringing',
      'answered',
      'completed',
    ]);
    expect(form.has('Url')).toBe(false);
    expect(h.vendor.calls.get(sid)).toMatchObject({ status: 'queued', statusCallback });
    expect(h.vendor.server.counters.get('calls_placed')).toBe(1);
  });

  it('places a call that fetches its TwiML from a URL, from another caller ID', async () => {
    const h = harness();
    const result = await h.approved(
      'place_call',
      {
        to: TO_NUMBER,
        from: '+15017122662',
        url: 'https://example.test/twiml',
        timeout_seconds: 20,
      },
      'call-url',
    );
    expect(outputOf(result)).toMatchObject({ status: 'queued', from: '+15017122662' });
    const form = new URLSearchParams(h.vendor.server.requests[0]!.rawBody.toString('utf8'));
    expect([form.get('Url'), form.get('Timeout'), form.has('Twiml')]).toEqual([
      'https://example.test/twiml',
      '20',
      false,
    ]);
  });

  it('refuses bad input before Twilio: a non-E.164 number, both or neither of twiml and url', async () => {
    const h = harness();
    for (const input of [
      { to: '0555 867 5310', twiml: TWIML },
      { to: TO_NUMBER },
      { to: TO_NUMBER, twiml: TWIML, url: 'https://example.test/twiml' },
      { to: TO_NUMBER, twiml: 'x'.repeat(4001) },
    ]) {
      const error = await h.rejection(() => h.call('place_call', input, 'bad-input'));
      expect(error.code).toBe('DLX_E_RUNTIME_INPUT_INVALID');
    }
    const noSid = await h.rejection(() => h.call('get_call', { call_sid: 'CA-not-a-sid' }));
    expect(noSid.code).toBe('DLX_E_RUNTIME_INPUT_INVALID');
    expect(h.vendor.server.requests).toHaveLength(0);
  });

  it('requires a caller key for a placement: Twilio has none of its own', async () => {
    const h = harness();
    const error = await h.rejection(() => h.call('place_call', { to: TO_NUMBER, twiml: TWIML }));
    expect(error.code).toBe('DLX_E_IDEMPOTENCY_KEY_REQUIRED');
    expect(h.vendor.server.requests).toHaveLength(0);
  });

  it('reads a call with its duration once it has ended', async () => {
    const h = harness();
    const sid = await seedCall(h.vendor);
    expect(outputOf(await h.call('get_call', { call_sid: sid }))).toMatchObject({
      sid,
      status: 'queued',
      to: TO_NUMBER,
      duration_seconds: null,
    });
    h.vendor.advanceCall(sid, 'in-progress');
    h.vendor.advanceCall(sid, 'completed');
    const ended = outputOf<{ status: string; duration_seconds: number }>(
      await h.call('get_call', { call_sid: sid }),
    );
    expect(ended.status).toBe('completed');
    expect(ended.duration_seconds).toBeGreaterThanOrEqual(0);
  });

  it("maps Twilio's codes: 21211 invalid number and 20404 unknown call are permanent, sent once", async () => {
    const h = harness();
    failWithTwilioCode(h.vendor, 'calls.create', 400, 21211);
    const invalid = await h.rejection(() =>
      h.approved('place_call', { to: TO_NUMBER, twiml: TWIML }, 'unreachable'),
    );
    expect(invalid).toMatchObject({ code: 'DLX_E_VENDOR_PERMANENT', vendorCode: '21211' });
    expect(String(invalid.vendorRequestId)).toMatch(/^RQ/);
    const missing = await h.rejection(() =>
      h.call('get_call', { call_sid: `CA${'0'.repeat(32)}` }),
    );
    expect(missing).toMatchObject({ code: 'DLX_E_VENDOR_PERMANENT', vendorCode: '20404' });
    expect(h.vendor.server.requests).toHaveLength(2);
    expect(h.vendor.server.counters.get('calls_placed')).toBe(0);
  });

  it('reports refused credentials as 20003 auth, never retried, without the token', async () => {
    const h = harness();
    failWithTwilioCode(h.vendor, 'calls.fetch', 401, 20003);
    const error = await h.rejection(() => h.call('get_call', { call_sid: `CA${'1'.repeat(32)}` }));
    expect(error).toMatchObject({ code: 'DLX_E_VENDOR_AUTH', vendorCode: '20003' });
    expect(h.vendor.server.requests).toHaveLength(1);
  });

  it('retries a placement refused with 20429 after the Retry-After wait, placing it once', async () => {
    const h = harness();
    h.vendor.server.injectFault({
      route: 'calls.create',
      fault: { kind: 'rate_limit', retryAfterSeconds: 3 },
      times: 1,
    });
    const result = await h.approved('place_call', { to: TO_NUMBER, twiml: TWIML }, 'busy-cps');
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
    expect(h.clock.sleeps).toEqual([3000]);
    expect(h.vendor.server.counters.get('calls_placed')).toBe(1);
  });

  it('declares 1 call per second as the suggested limit', () => {
    const h = harness();
    expect(h.manifest.suggested_limits).toEqual({ max_requests_per_second: 1 });
  });
});

describe('voice with an API key instead of the auth token', () => {
  const harness = useVoiceHarness({ apiKey: true });

  it('authenticates calls and the health probe with the key and its secret', async () => {
    const h = harness();
    const sid = await seedCall(h.vendor);
    await h.call('get_call', { call_sid: sid });
    expect(h.vendor.server.requests.at(-1)!.headers.authorization).toBe(
      basic(API_KEY_SID, API_KEY_SECRET),
    );
    expect(await h.runtime.probe(TENANT, 'voice')).toMatchObject({ status: 'ok' });
  });

  it('refuses a key without its secret, naming the field', () => {
    const h = harness();
    const { api_key_secret: _dropped, ...config } = h.config;
    const parsed = voiceConfig.safeParse(config);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['api_key_secret'],
      message: 'api_key_sid and api_key_secret are set together or not at all',
    });
  });
});
