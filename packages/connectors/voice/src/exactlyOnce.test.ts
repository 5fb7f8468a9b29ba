import { hasErrorCode } from '@dealix/connector-core';
import { TENANT, TO_NUMBER, useVoiceHarness } from './__fixtures__/voiceHarness';

const call = { to: TO_NUMBER, twiml: '<Response><Say>Your order is ready.</Say></Response>' };

// Twilio has no idempotency key: a placement that may have reached Twilio is never sent again.
// It ends as an unknown outcome that a person resolves, and its key blocks a re-send meanwhile.
describe('a call is never placed twice', () => {
  const harness = useVoiceHarness();

  const placements = (h: ReturnType<typeof harness>) =>
    h.vendor.server.requests.filter((r) => r.routeId === 'calls.create').length;

  it('a placement that timed out after Twilio accepted it is unknown, and not re-placed', async () => {
    const h = harness();
    // Twilio takes the request, then answers long after the 1.5 s attempt timeout.
    h.vendor.server.injectFault({
      route: 'calls.create',
      fault: { kind: 'delay', ms: 60_000 },
      times: 1,
    });
    const timedOut = await h.rejection(() => h.approved('place_call', call, 'order-7-call'));
    expect(timedOut.code).toBe('DLX_E_RUNTIME_OUTCOME_UNKNOWN');
    expect(hasErrorCode((timedOut as { cause?: unknown }).cause, 'DLX_E_RUNTIME_TIMEOUT')).toBe(
      true,
    );
    expect(placements(h)).toBe(1);

    // The same intent again: refused at once while a person has not resolved it.
    const again = await h.rejection(() => h.approved('place_call', call, 'order-7-call'));
    expect(again.code).toBe('DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN');
    expect(placements(h)).toBe(1);
    const unknown = await h.runtime.unknownOutcomes.list(TENANT);
    expect(unknown).toEqual([
      expect.objectContaining({ connector: 'voice', operation: 'place_call' }),
    ]);
  });

  it('a placement whose answer was lost is unknown, placed once at Twilio', async () => {
    const h = harness();
    h.vendor.server.injectFault({
      route: 'calls.create',
      fault: { kind: 'reset_after_processing' },
      times: 1,
    });
    const lost = await h.rejection(() => h.approved('place_call', call, 'order-8-call'));
    expect(lost.code).toBe('DLX_E_RUNTIME_OUTCOME_UNKNOWN');
    expect(placements(h)).toBe(1);
    expect(h.vendor.server.counters.get('calls_placed')).toBe(1);
  });

  it('a connection reset before any answer may have placed the call: not re-sent either', async () => {
    const h = harness();
    h.vendor.server.injectFault({ route: 'calls.create', fault: { kind: 'reset' }, times: 1 });
    const result = await h.rejection(() => h.approved('place_call', call, 'order-9-call'));
    expect(result.code).toBe('DLX_E_RUNTIME_OUTCOME_UNKNOWN');
    expect(h.vendor.server.counters.get('calls_placed')).toBe(0);
    expect(placements(h)).toBe(1);
  });
});
