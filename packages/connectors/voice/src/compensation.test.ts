import {
  TENANT,
  callResourceAtTwilio,
  outputOf,
  placedCall,
  seedCall,
  useVoiceHarness,
} from './__fixtures__/voiceHarness';

// end_call is the compensation of place_call, and Twilio ends a call differently by status:
// Status=canceled while it is queued or ringing, Status=completed once it is in progress.
describe('ending a call', () => {
  const harness = useVoiceHarness();

  const updates = (h: ReturnType<typeof harness>) =>
    h.vendor.server.requests
      .filter((r) => r.routeId === 'calls.update')
      .map((r) => new URLSearchParams(r.rawBody.toString('utf8')).get('Status'));

  it('cancels a ringing call', async () => {
    const h = harness();
    const sid = await seedCall(h.vendor);
    h.vendor.advanceCall(sid, 'ringing');
    const ended = outputOf(await h.call('end_call', { call_sid: sid }));
    expect(ended).toMatchObject({ action: 'canceled', call: { sid, status: 'canceled' } });
    expect(updates(h)).toEqual(['canceled']);
    expect(h.vendor.server.counters.get('calls_canceled')).toBe(1);
    expect(h.vendor.server.counters.get('calls_hung_up')).toBe(0);
  });

  it('completes (hangs up) a call in progress', async () => {
    const h = harness();
    const sid = await seedCall(h.vendor);
    h.vendor.advanceCall(sid, 'in-progress');
    const ended = outputOf(await h.call('end_call', { call_sid: sid }));
    expect(ended).toMatchObject({ action: 'completed', call: { sid, status: 'completed' } });
    expect(updates(h)).toEqual(['completed']);
    expect(h.vendor.server.counters.get('calls_hung_up')).toBe(1);
    expect(h.vendor.server.counters.get('calls_canceled')).toBe(0);
  });

  it('leaves a finished call alone, so ending it twice changes nothing', async () => {
    const h = harness();
    const sid = await seedCall(h.vendor);
    h.vendor.advanceCall(sid, 'busy');
    expect(outputOf(await h.call('end_call', { call_sid: sid }))).toMatchObject({
      action: 'already_ended',
      call: { status: 'busy' },
    });
    expect(updates(h)).toEqual([]);
  });

  it('hangs up a call answered between its read and the cancel (21220), once', async () => {
    const h = harness();
    const sid = await seedCall(h.vendor);
    h.vendor.advanceCall(sid, 'ringing');
    // The person picks up just after the connector read the call as ringing: the read answers
    // what Twilio had a moment ago, the cancel meets an answered call (Twilio's 21220).
    const ringing = await callResourceAtTwilio(h.vendor, sid);
    h.vendor.server.injectFault({
      route: 'calls.fetch',
      fault: { kind: 'status', status: 200, body: ringing },
      times: 1,
    });
    h.vendor.advanceCall(sid, 'in-progress');
    const ended = outputOf(await h.call('end_call', { call_sid: sid }));
    expect(ended).toMatchObject({ action: 'completed', call: { status: 'completed' } });
    expect(updates(h)).toEqual(['canceled', 'completed']);
  });

  it('compensates a placed call through the runtime: the ringing call is canceled', async () => {
    const h = harness();
    const sid = await placedCall(h, 'order-42-call');
    h.vendor.advanceCall(sid, 'ringing');
    const undone = await h.runtime.compensate(TENANT, 'voice', 'place_call', {
      input: { to: '+15558675310', twiml: '<Response><Say>Your order is ready.</Say></Response>' },
      idempotencyKey: 'order-42-call',
      actor: 'agent-bot',
    });
    expect(outputOf(undone)).toMatchObject({ action: 'canceled', call: { sid } });
    expect(h.vendor.calls.get(sid)!.status).toBe('canceled');
    const audit = await h.stores.audit.list({ tenant: TENANT });
    expect(audit.map((r) => r.event)).toEqual(
      expect.arrayContaining(['call_placed', 'call_ended']),
    );
  });
});
