import { CAL_API_VERSIONS } from './calApi';
import { ATTENDEE, TENANT, seedBooking, useCalHarness } from './__fixtures__/calHarness';

// Cal.com silently serves an older endpoint version when cal-api-version is missing or wrong.
// Every operation is run against the simulator in strict mode (such a request is a 400, not a
// fallback), and every request it made is checked for its endpoint's version.
describe('cal-api-version', () => {
  const harness = useCalHarness();

  const inputs: Record<string, (sim: Parameters<typeof seedBooking>[0]) => Promise<unknown>> = {
    list_slots: async () => ({ event_type_id: 1, start: '2050-09-05', end: '2050-09-05' }),
    create_booking: async () => ({
      event_type_id: 1,
      start: '2050-09-05T10:00:00Z',
      attendee: ATTENDEE,
    }),
    get_booking: async (sim) => ({ booking_uid: await seedBooking(sim) }),
    reschedule_booking: async (sim) => ({
      booking_uid: await seedBooking(sim),
      start: '2050-10-01T11:00:00Z',
    }),
    cancel_booking: async (sim) => ({ booking_uid: await seedBooking(sim), reason: 'Duplicate' }),
  };

  it('covers every operation of the manifest', () => {
    expect(Object.keys(inputs).sort()).toEqual(Object.keys(harness().manifest.operations).sort());
  });

  it.each(Object.keys(inputs))(
    '%s sends the version of each endpoint it calls',
    async (operation) => {
      const h = harness();
      const input = await inputs[operation]!(h.vendor);
      const before = h.vendor.server.requests.length;
      const result = await h.call(operation, input, `versions-${operation}`);
      expect(result.status).toBe('ok');
      const sent = h.vendor.server.requests.slice(before);
      expect(sent.length).toBeGreaterThan(0);
      for (const request of sent) {
        const expected = request.path.startsWith('/v2/slots')
          ? CAL_API_VERSIONS.slots
          : CAL_API_VERSIONS.bookings;
        expect([request.method, request.path, request.headers['cal-api-version']]).toEqual([
          request.method,
          request.path,
          expected,
        ]);
      }
      expect(h.vendor.fallbacks).toBe(0);
    },
  );

  it('pins bookings to 2024-08-13 and slots to 2024-09-04; the unversioned probe sends none', async () => {
    expect(CAL_API_VERSIONS).toEqual({ bookings: '2024-08-13', slots: '2024-09-04' });
    const h = harness();
    expect(await h.runtime.probe(TENANT, 'cal')).toMatchObject({ status: 'ok' });
    const probe = h.vendor.server.requests.find((r) => r.path === '/v2/me')!;
    expect(probe.headers['cal-api-version']).toBeUndefined();
  });
});
