import {
  TENANT,
  callResourceAtTwilio,
  outputOf,
  placedCall,
  seedCall,
  useVoiceHarness,
} from './__fixtures__/voiceHarness';

// end_call is the compensation of place_call. Twilio (twilio.com/docs/api/rest/change-call-state):
// "Specifying canceled will attempt to hangup calls that are queued or ringing but not affect
// calls already in progress. Specifying completed will attempt to hang up a call even if it's
// already in progress." So end_call always sends Status=completed, and reports success only when
// Twilio's answer shows the call ended.
describe('ending a call', () => {
  const harness = useVoiceHarness();

  const updates = (h: ReturnType<typeof harness>) =>
    h.vendor.server.requests
      .filter((r) => r.routeId === 'calls.update')
      .map((r) => new URLSearchParams(r.rawBody.toString('utf8')).get('Status'));

  /** The next read of the call answers it as it is now, though it changes right after. */
  const readAsNow = async (h: ReturnType<typeof harness>, sid: string) => {
    const now = await callResourceAtTwilio(h.vendor, sid);
    h.vendor.server.injectFault({
      route: 'calls.fetch',
      fault: { kind: 'status', status: 200, body: now },
      times: 1,
    });
  };

  it('ends a ringing call: Status=completed stops the ringing, the call ends canceled', async () => {
    const h = harness();
    const sid = await seedCall(h.vendor);
    h.vendor.advanceCall(sid, 'ringing');
    const ended = outputOf(await h.call('end_call', { call_sid: sid }));
    expect(ended).toMatchObject({ action: 'canceled', call: { sid, status: 'canceled' } });
    expect(updates(h)).toEqual(['completed']);
    expect(h.vendor.server.counters.get('calls_canceled')).toBe(1);
    expect(h.vendor.server.counters.get('calls_hung_up')).toBe(0);
  });

  it('ends a queued call with Status=completed', async () => {
    const h = harness();
    const sid = await seedCall(h.vendor);
    expect(h.vendor.calls.get(sid)!.status).toBe('queued');
    const ended = outputOf(await h.call('end_call', { call_sid: sid }));
    expect(ended).toMatchObject({ action: 'canceled', call: { sid, status: 'canceled' } });
    expect(updates(h)).toEqual(['completed']);
    expect(h.vendor.calls.get(sid)!.status).toBe('canceled');
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

  it('hangs up a call answered between its read and the update, in one update', async () => {
    const h = harness();
    const sid = await seedCall(h.vendor);
    h.vendor.advanceCall(sid, 'ringing');
    // The person picks up just after the connector read the call as ringing: the read answers
    // what Twilio had a moment ago, the update meets an answered call. A Status=canceled here
    // would get 200 and leave the call up.
    await readAsNow(h, sid);
    h.vendor.advanceCall(sid, 'in-progress');
    const result = await h.call('end_call', { call_sid: sid });
    expect(result).toMatchObject({ status: 'ok', attempts: 1 });
    expect(outputOf(result)).toMatchObject({ action: 'completed', call: { status: 'completed' } });
    expect(updates(h)).toEqual(['completed']);
    expect(h.vendor.calls.get(sid)!.status).toBe('completed');
    expect(h.vendor.server.counters.get('calls_hung_up')).toBe(1);
  });

  it('reports a call that ended by itself between its read and the update as already ended', async () => {
    const h = harness();
    const sid = await seedCall(h.vendor);
    h.vendor.advanceCall(sid, 'ringing');
    await readAsNow(h, sid);
    h.vendor.advanceCall(sid, 'no-answer');
    // The simulator refuses to update an ended call with 21220 ([U]); the call is read again.
    const result = await h.call('end_call', { call_sid: sid });
    expect(outputOf(result)).toMatchObject({
      action: 'already_ended',
      call: { status: 'no-answer' },
    });
    expect(updates(h)).toEqual(['completed']);
  });

  it('never reports success while Twilio answers the call still up: it repeats, then fails', async () => {
    const h = harness();
    const sid = await seedCall(h.vendor);
    h.vendor.advanceCall(sid, 'in-progress');
    const inProgress = await callResourceAtTwilio(h.vendor, sid);
    // Twilio answering 200 with the call unchanged (as it does for Status=canceled on an
    // answered call): the call has not ended.
    h.vendor.server.injectFault({
      route: 'calls.update',
      fault: { kind: 'status', status: 200, body: inProgress },
    });
    const error = await h.rejection(() => h.call('end_call', { call_sid: sid }));
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_TRANSIENT',
      details: { call_sid: sid, status: 'in-progress' },
    });
    expect(String(error.message)).toContain('has not ended');
    // end_call is idempotent: the runtime repeated it (retry_max 2), never reporting success.
    expect(updates(h)).toEqual(['completed', 'completed', 'completed']);
    expect(h.vendor.calls.get(sid)!.status).toBe('in-progress');
    const audit = await h.stores.audit.list({ tenant: TENANT });
    expect(audit.map((r) => r.event)).toContain('call_end_failed');
    expect(audit.map((r) => r.event)).not.toContain('call_ended');
  });

  it('ends the call on a repeat when Twilio first answered it still up', async () => {
    const h = harness();
    const sid = await seedCall(h.vendor);
    h.vendor.advanceCall(sid, 'in-progress');
    h.vendor.server.injectFault({
      route: 'calls.update',
      fault: { kind: 'status', status: 200, body: await callResourceAtTwilio(h.vendor, sid) },
      times: 1,
    });
    const result = await h.call('end_call', { call_sid: sid });
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
    expect(outputOf(result)).toMatchObject({ action: 'completed', call: { status: 'completed' } });
    expect(updates(h)).toEqual(['completed', 'completed']);
  });

  it('compensates a placed call answered before the compensation: it is hung up', async () => {
    const h = harness();
    const sid = await placedCall(h, 'order-43-call');
    h.vendor.advanceCall(sid, 'ringing');
    await readAsNow(h, sid);
    h.vendor.advanceCall(sid, 'in-progress');
    const undone = await h.runtime.compensate(TENANT, 'voice', 'place_call', {
      input: { to: '+15558675310', twiml: '<Response><Say>Your order is ready.</Say></Response>' },
      idempotencyKey: 'order-43-call',
      actor: 'agent-bot',
    });
    expect(outputOf(undone)).toMatchObject({ action: 'completed', call: { sid } });
    expect(h.vendor.calls.get(sid)!.status).toBe('completed');
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
