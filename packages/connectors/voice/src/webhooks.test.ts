import type { InboundWebhook } from '@dealix/connector-core';
import fc from 'fast-check';
import twilio from 'twilio';
import {
  AUTH_TOKEN,
  TENANT,
  TO_NUMBER,
  WEBHOOK_URL,
  outputOf,
  seedCall,
  useVoiceHarness,
} from './__fixtures__/voiceHarness';
import { signedUrlCandidates } from './webhooks';

describe('Twilio status callbacks', () => {
  const harness = useVoiceHarness();

  const post = (
    params: Record<string, string>,
    signature: string | undefined,
    url = WEBHOOK_URL,
  ): InboundWebhook => ({
    method: 'POST',
    url,
    query: {},
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature !== undefined && { 'x-twilio-signature': signature }),
    },
    rawBody: Buffer.from(new URLSearchParams(params).toString(), 'utf8'),
    receivedAt: Date.now(),
  });

  it('turns each status change of a placed call into an audit event linked to the call', async () => {
    const h = harness();
    const placed = await h.approved(
      'place_call',
      { to: TO_NUMBER, twiml: '<Response><Say>Hello</Say></Response>' },
      'order-1-call',
    );
    if (placed.status !== 'ok') throw new Error(`place_call ended ${placed.status}`);
    const sid = outputOf<{ sid: string }>(placed).sid;
    for (const status of ['ringing', 'in-progress', 'completed'] as const) {
      const call = h.vendor.advanceCall(sid, status);
      const params = h.vendor.statusCallbackParams(call);
      call.sequence += 1;
      const receipt = await h.runtime.receiveWebhook(
        TENANT,
        'voice',
        post(params, h.vendor.signCallback(WEBHOOK_URL, params)),
      );
      expect(receipt).toMatchObject({ kind: 'accepted', accepted: 1, duplicates: 0 });
    }
    const events = await h.stores.outbox.list(TENANT, undefined, 100);
    expect(events.map((e) => e.type)).toEqual(['call_ringing', 'call_answered', 'call_finished']);
    for (const event of events) {
      expect(event.correlation_id).toBe(placed.correlation_id);
      expect(event.event_id).toMatch(/^derived:[0-9a-f]{64}$/);
    }
    expect(events[2]!.payload).toMatchObject({
      call_sid: sid,
      call_status: 'completed',
      to: TO_NUMBER,
      sequence_number: 2,
      duration_seconds: expect.any(Number),
    });
    // The audit copy masks the called number; the outbox keeps it for consumers.
    const audit = (await h.stores.audit.list({ tenant: TENANT })).filter(
      (r) => r.event === 'call_finished',
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain(TO_NUMBER);
    expect(audit[0]!.correlation_id).toBe(placed.correlation_id);
  });

  it('links a status that comes before Twilio’s answer by the correlation id its signed URL carries', async () => {
    const h = harness();
    // A call whose SID nobody recorded yet (as before place_call hears Twilio's answer), whose
    // StatusCallback carries the placing call's correlation id.
    const call = h.vendor.advanceCall(await seedCall(h.vendor), 'ringing');
    const params = h.vendor.statusCallbackParams(call);
    const url = `${WEBHOOK_URL}?dlx_correlation_id=corr-early-1`;
    const delivery = (signedUrl: string, deliveredUrl: string): InboundWebhook => ({
      ...post(params, h.vendor.signCallback(signedUrl, params), deliveredUrl),
      query: Object.fromEntries(new URL(deliveredUrl).searchParams),
    });
    // The id is signed with the URL: another one in its place is refused, and stores nothing.
    const forged = `${WEBHOOK_URL}?dlx_correlation_id=corr-forged`;
    await expect(
      h.runtime.receiveWebhook(TENANT, 'voice', delivery(url, forged)),
    ).rejects.toMatchObject({ code: 'DLX_E_WEBHOOK_SIGNATURE_INVALID' });
    expect(await h.stores.outbox.list(TENANT, undefined, 10)).toEqual([]);

    expect(await h.runtime.receiveWebhook(TENANT, 'voice', delivery(url, url))).toMatchObject({
      kind: 'accepted',
      accepted: 1,
    });
    const [event] = await h.stores.outbox.list(TENANT, undefined, 10);
    expect(event).toMatchObject({ type: 'call_ringing', correlation_id: 'corr-early-1' });
    const audited = (await h.stores.audit.list({ tenant: TENANT })).filter(
      (r) => r.event === 'call_ringing',
    );
    expect(audited.map((r) => r.correlation_id)).toEqual(['corr-early-1']);
  });

  it('stores a repeated callback once', async () => {
    const h = harness();
    const call = h.vendor.advanceCall(await seedCall(h.vendor), 'ringing');
    const params = h.vendor.statusCallbackParams(call);
    const delivery = post(params, h.vendor.signCallback(WEBHOOK_URL, params));
    await h.runtime.receiveWebhook(TENANT, 'voice', delivery);
    const again = await h.runtime.receiveWebhook(TENANT, 'voice', delivery);
    expect(again).toMatchObject({ kind: 'accepted', accepted: 0, duplicates: 1 });
    expect(await h.stores.outbox.list(TENANT, undefined, 100)).toHaveLength(1);
  });

  it("accepts what twilio-node signs and refuses what twilio-node's validateRequest refuses", async () => {
    const h = harness();
    const call = h.vendor.advanceCall(await seedCall(h.vendor), 'busy');
    const params = h.vendor.statusCallbackParams(call);
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, WEBHOOK_URL, params);
    expect(twilio.validateRequest(AUTH_TOKEN, signature, WEBHOOK_URL, params)).toBe(true);
    const accepted = await h.runtime.receiveWebhook(TENANT, 'voice', post(params, signature));
    expect(accepted).toMatchObject({ kind: 'accepted', accepted: 1 });
    const [event] = await h.stores.outbox.list(TENANT, undefined, 100);
    expect(event).toMatchObject({ type: 'call_finished', payload: { call_status: 'busy' } });

    const changed = { ...params, CallStatus: 'completed' };
    expect(twilio.validateRequest(AUTH_TOKEN, signature, WEBHOOK_URL, changed)).toBe(false);
    const refused = await h.rejection(() =>
      h.runtime.receiveWebhook(TENANT, 'voice', post(changed, signature)),
    );
    expect(refused.code).toBe('DLX_E_WEBHOOK_SIGNATURE_INVALID');
  });

  it("checks the URL with and without its port, as twilio-node's validateRequest does", async () => {
    const h = harness();
    expect(signedUrlCandidates('https://dealix.example/webhooks/acme/voice?x=1')).toEqual([
      'https://dealix.example/webhooks/acme/voice?x=1',
      'https://dealix.example:443/webhooks/acme/voice?x=1',
    ]);
    expect(signedUrlCandidates('http://127.0.0.1:4100/webhooks/acme/voice')).toEqual([
      'http://127.0.0.1:4100/webhooks/acme/voice',
      'http://127.0.0.1/webhooks/acme/voice',
    ]);
    const call = h.vendor.advanceCall(await seedCall(h.vendor), 'ringing');
    const params = h.vendor.statusCallbackParams(call);
    const withPort = 'https://dealix.example:443/webhooks/acme/voice';
    const signature = h.vendor.signCallback(withPort, params);
    expect(twilio.validateRequest(AUTH_TOKEN, signature, WEBHOOK_URL, params)).toBe(true);
    expect(
      await h.runtime.receiveWebhook(TENANT, 'voice', post(params, signature, WEBHOOK_URL)),
    ).toMatchObject({ kind: 'accepted', accepted: 1 });
  });

  it("tries the same URLs as twilio-node's validateRequest for any URL (property)", () => {
    const params = { CallSid: `CA${'1f'.repeat(16)}`, CallStatus: 'ringing' };
    const url = fc
      .record({
        scheme: fc.constantFrom('http', 'https', 'HTTPS'),
        host: fc.domain(),
        port: fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }),
        path: fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), { maxLength: 3 }),
        query: fc.option(fc.stringMatching(/^[a-z]{1,5}=[A-Za-z0-9]{0,5}$/), { nil: undefined }),
      })
      .map(
        (u) =>
          `${u.scheme}://${u.host}${u.port === undefined ? '' : `:${u.port}`}/${u.path.join('/')}` +
          (u.query === undefined ? '' : `?${u.query}`),
      );
    fc.assert(
      fc.property(url, (received) => {
        const candidates = signedUrlCandidates(received);
        expect(candidates[0]).toBe(received);
        for (const signedUrl of candidates) {
          const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, signedUrl, params);
          expect(twilio.validateRequest(AUTH_TOKEN, signature, received, params)).toBe(true);
        }
        // A URL on another port is neither ours nor twilio-node's.
        const elsewhere = received.replace(/^(\w+:\/\/[^/:?#]+)(:\d+)?/, '$1:1');
        if (!candidates.includes(elsewhere)) {
          const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, elsewhere, params);
          expect(twilio.validateRequest(AUTH_TOKEN, signature, received, params)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('verifies a GET callback over the URL with its query', async () => {
    const h = harness();
    const call = h.vendor.advanceCall(await seedCall(h.vendor), 'ringing');
    const url = new URL(WEBHOOK_URL);
    for (const [name, value] of Object.entries(h.vendor.statusCallbackParams(call))) {
      url.searchParams.append(name, value);
    }
    const receipt = await h.runtime.receiveWebhook(TENANT, 'voice', {
      method: 'GET',
      url: url.toString(),
      query: Object.fromEntries(url.searchParams),
      headers: { 'x-twilio-signature': h.vendor.signCallback(url.toString(), {}) },
      rawBody: Buffer.alloc(0),
      receivedAt: Date.now(),
    });
    expect(receipt).toMatchObject({ kind: 'accepted', accepted: 1 });
  });

  it('refuses a signed body that is not a call status callback, and ignores a queued one', async () => {
    const h = harness();
    const odd = { CallSid: 'not-a-sid', CallStatus: 'ringing' };
    const malformed = await h.rejection(() =>
      h.runtime.receiveWebhook(TENANT, 'voice', post(odd, h.vendor.signCallback(WEBHOOK_URL, odd))),
    );
    expect(malformed.code).toBe('DLX_E_WEBHOOK_MALFORMED');
    const call = h.vendor.calls.get(await seedCall(h.vendor))!;
    const queued = h.vendor.statusCallbackParams(call);
    expect(
      await h.runtime.receiveWebhook(
        TENANT,
        'voice',
        post(queued, h.vendor.signCallback(WEBHOOK_URL, queued)),
      ),
    ).toMatchObject({ kind: 'accepted', accepted: 0 });
  });
});
