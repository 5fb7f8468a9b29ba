import { hasErrorCode } from '@dealix/connector-core';
import { COMPENSATION_REASON } from './operations/createBooking';
import { ATTENDEE, TENANT, outputOf, useCalHarness } from './__fixtures__/calHarness';

const booking = { event_type_id: 1, start: '2050-09-05T10:00:00Z', attendee: ATTENDEE };

describe('booking once, and undoing it', () => {
  const harness = useCalHarness();

  const creates = (h: ReturnType<typeof harness>) =>
    h.vendor.server.requests.filter((r) => r.routeId === 'cal.bookings.create').length;

  it('cancel_booking compensates create_booking, giving the attendee a reason', async () => {
    const h = harness();
    const created = outputOf<{ uid: string }>(await h.call('create_booking', booking, 'deal-7'));
    const undone = await h.runtime.compensate(TENANT, 'cal', 'create_booking', {
      input: booking,
      idempotencyKey: 'deal-7',
      actor: 'agent-bot',
    });
    expect(outputOf(undone)).toMatchObject({
      action: 'cancelled',
      booking: { uid: created.uid, status: 'cancelled', cancellation_reason: COMPENSATION_REASON },
    });
    expect(h.vendor.counters.get('bookings_cancelled')).toBe(1);
    // The slot is free again.
    const slots = outputOf<{ slots: Array<{ start: string }> }>(
      await h.call('list_slots', { event_type_id: 1, start: '2050-09-05', end: '2050-09-05' }),
    );
    expect(slots.slots.map((s) => s.start)).toContain('2050-09-05T10:00:00.000Z');
  });

  it('requires a caller key for a booking: Cal.com has none of its own', async () => {
    const h = harness();
    const error = await h.rejection(() => h.call('create_booking', booking));
    expect(error.code).toBe('DLX_E_IDEMPOTENCY_KEY_REQUIRED');
    expect(h.vendor.server.requests).toHaveLength(0);
  });

  it('a booking that timed out after Cal.com accepted it is unknown, and not sent again', async () => {
    const h = harness();
    h.vendor.server.injectFault({
      route: 'cal.bookings.create',
      fault: { kind: 'delay', ms: 60_000 },
      times: 1,
    });
    const timedOut = await h.rejection(() => h.call('create_booking', booking, 'deal-8'));
    expect(timedOut.code).toBe('DLX_E_RUNTIME_OUTCOME_UNKNOWN');
    expect(hasErrorCode((timedOut as { cause?: unknown }).cause, 'DLX_E_RUNTIME_TIMEOUT')).toBe(
      true,
    );
    const again = await h.rejection(() => h.call('create_booking', booking, 'deal-8'));
    expect(again.code).toBe('DLX_E_IDEMPOTENCY_OUTCOME_UNKNOWN');
    expect(creates(h)).toBe(1);
  });

  it('a cancel whose answer was lost is retried safely: the retry finds it cancelled', async () => {
    const h = harness();
    const created = outputOf<{ uid: string }>(await h.call('create_booking', booking, 'deal-9'));
    h.vendor.server.injectFault({
      route: 'cal.bookings.cancel',
      fault: { kind: 'reset_after_processing' },
      times: 1,
    });
    const result = await h.call('cancel_booking', { booking_uid: created.uid, reason: 'Lost' });
    expect(result).toMatchObject({ status: 'ok', attempts: 2 });
    expect(outputOf(result)).toMatchObject({ action: 'already_cancelled' });
    expect(h.vendor.counters.get('bookings_cancelled')).toBe(1);
  });
});
