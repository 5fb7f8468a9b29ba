import { ATTENDEE, TENANT, outputOf, seedBooking, useCalHarness } from './__fixtures__/calHarness';

const booking = { event_type_id: 1, start: '2050-09-05T10:00:00Z', attendee: ATTENDEE };

describe('cal operations against the Cal.com simulator', () => {
  const harness = useCalHarness();

  const sentJson = (h: ReturnType<typeof harness>, routeId: string) =>
    JSON.parse(h.vendor.server.requests.find((r) => r.routeId === routeId)!.rawBody.toString());

  it("lists free slots in the attendee's time zone, earliest first, without taken ones", async () => {
    const h = harness();
    await h.call('create_booking', booking, 'seed-1');
    const listed = outputOf<{ time_zone: string; slots: Array<{ start: string }> }>(
      await h.call('list_slots', {
        event_type_id: 1,
        start: '2050-09-05',
        end: '2050-09-05',
        time_zone: 'Asia/Riyadh',
      }),
    );
    expect(listed.time_zone).toBe('Asia/Riyadh');
    expect(listed.slots.slice(0, 3)).toEqual([
      { start: '2050-09-05T12:00:00.000+03:00' },
      { start: '2050-09-05T12:30:00.000+03:00' },
      // 10:00 UTC (13:00 in Riyadh) is booked.
      { start: '2050-09-05T13:30:00.000+03:00' },
    ]);
    const query = h.vendor.server.requests.find((r) => r.routeId === 'cal.slots')!.query;
    expect(query).toEqual({
      eventTypeId: '1',
      start: '2050-09-05',
      end: '2050-09-05',
      timeZone: 'Asia/Riyadh',
    });
  });

  it('books an attendee at a UTC start, sending Cal.com its 2024-08-13 body', async () => {
    const h = harness();
    const created = outputOf(
      await h.call(
        'create_booking',
        { ...booking, guests: ['omar@dealix.test'], metadata: { deal: 'D-42' } },
        'deal-42-intro',
      ),
    );
    expect(created).toMatchObject({
      status: 'accepted',
      start: '2050-09-05T10:00:00.000Z',
      end: '2050-09-05T10:30:00.000Z',
      duration_minutes: 30,
      attendees: [{ name: ATTENDEE.name, email: ATTENDEE.email, time_zone: 'Asia/Riyadh' }],
    });
    expect(sentJson(h, 'cal.bookings.create')).toEqual({
      start: '2050-09-05T10:00:00Z',
      eventTypeId: 1,
      attendee: { name: ATTENDEE.name, email: ATTENDEE.email, timeZone: 'Asia/Riyadh' },
      guests: ['omar@dealix.test'],
      metadata: { deal: 'D-42' },
    });
    expect(h.vendor.counters.get('bookings_created')).toBe(1);
  });

  it('refuses bad input before Cal.com: a start not in UTC, an unknown zone, a bad email', async () => {
    const h = harness();
    for (const input of [
      { ...booking, start: '2050-09-05T13:00:00+03:00' },
      { ...booking, attendee: { ...ATTENDEE, time_zone: 'Mars/Olympus' } },
      { ...booking, attendee: { ...ATTENDEE, email: 'not-an-email' } },
      { ...booking, metadata: { ['k'.repeat(41)]: 'v' } },
    ]) {
      const error = await h.rejection(() => h.call('create_booking', input, 'bad'));
      expect(error.code).toBe('DLX_E_RUNTIME_INPUT_INVALID');
    }
    const backwards = await h.rejection(() =>
      h.call('list_slots', { event_type_id: 1, start: '2050-09-06', end: '2050-09-05' }),
    );
    expect(backwards.code).toBe('DLX_E_RUNTIME_INPUT_INVALID');
    expect(h.vendor.server.requests).toHaveLength(0);
  });

  it('reads a booking, and an unknown one is NotFoundException, permanent, sent once', async () => {
    const h = harness();
    const uid = await seedBooking(h.vendor);
    expect(outputOf(await h.call('get_booking', { booking_uid: uid }))).toMatchObject({
      uid,
      status: 'accepted',
    });
    const before = h.vendor.server.requests.length;
    const missing = await h.rejection(() => h.call('get_booking', { booking_uid: 'missing' }));
    expect(missing).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      vendorCode: 'NotFoundException',
    });
    expect(h.vendor.server.requests.length - before).toBe(1);
  });

  it('moves a booking: a new uid from the old, the old cancelled', async () => {
    const h = harness();
    const uid = await seedBooking(h.vendor);
    const moved = outputOf<{ uid: string }>(
      await h.call(
        'reschedule_booking',
        { booking_uid: uid, start: '2050-10-01T11:00:00Z', reason: 'Asked for later' },
        'move-1',
      ),
    );
    expect(moved).toMatchObject({ start: '2050-10-01T11:00:00.000Z', rescheduled_from_uid: uid });
    expect(moved.uid).not.toBe(uid);
    expect(sentJson(h, 'cal.bookings.reschedule')).toEqual({
      start: '2050-10-01T11:00:00Z',
      reschedulingReason: 'Asked for later',
    });
    expect(outputOf(await h.call('get_booking', { booking_uid: uid }))).toMatchObject({
      status: 'cancelled',
      rescheduled_to_uid: moved.uid,
    });
  });

  it('refuses a move to a taken slot as permanent (BadRequestException), moving nothing', async () => {
    const h = harness();
    const first = await seedBooking(h.vendor);
    const second = await seedBooking(h.vendor);
    const taken = outputOf<{ start: string }>(
      await h.call('get_booking', { booking_uid: second }),
    ).start.replace('.000Z', 'Z');
    const error = await h.rejection(() =>
      h.call('reschedule_booking', { booking_uid: first, start: taken }, 'move-2'),
    );
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_PERMANENT',
      vendorCode: 'BadRequestException',
    });
    expect(h.vendor.counters.get('bookings_rescheduled')).toBe(0);
  });

  it('cancels with the reason, and cancelling again changes nothing', async () => {
    const h = harness();
    const uid = await seedBooking(h.vendor);
    const cancelled = outputOf(
      await h.call('cancel_booking', { booking_uid: uid, reason: 'Customer declined' }),
    );
    expect(cancelled).toMatchObject({
      action: 'cancelled',
      booking: { status: 'cancelled', cancellation_reason: 'Customer declined' },
    });
    expect(sentJson(h, 'cal.bookings.cancel')).toEqual({ cancellationReason: 'Customer declined' });
    const again = outputOf(await h.call('cancel_booking', { booking_uid: uid, reason: 'Again' }));
    expect(again).toMatchObject({ action: 'already_cancelled' });
    expect(h.vendor.counters.get('bookings_cancelled')).toBe(1);
    const reasonless = await h.rejection(() =>
      h.call('cancel_booking', { booking_uid: uid, reason: '' }),
    );
    expect(reasonless.code).toBe('DLX_E_RUNTIME_INPUT_INVALID');
  });

  it('retries a read that Cal.com throttled after its Retry-After, and refuses a bad key as auth', async () => {
    const h = harness();
    h.vendor.server.injectFault({
      route: 'cal.slots',
      fault: { kind: 'rate_limit', retryAfterSeconds: 2 },
      times: 1,
    });
    const slots = await h.call('list_slots', {
      event_type_id: 1,
      start: '2050-09-05',
      end: '2050-09-05',
    });
    expect(slots).toMatchObject({ status: 'ok', attempts: 2 });
    expect(h.clock.sleeps).toEqual([2000]);

    h.vendor.server.injectFault({
      route: 'cal.bookings.get',
      fault: { kind: 'expired_token' },
      times: 1,
    });
    const before = h.vendor.server.requests.length;
    const auth = await h.rejection(() => h.call('get_booking', { booking_uid: 'abc' }));
    expect(auth).toMatchObject({ code: 'DLX_E_VENDOR_AUTH', vendorCode: 'UnauthorizedException' });
    expect(h.vendor.server.requests.length - before).toBe(1);
    expect(await h.runtime.probe(TENANT, 'cal')).toMatchObject({ status: 'ok' });
  });
});
