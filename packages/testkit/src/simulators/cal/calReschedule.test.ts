import { rawHttpRequest } from '../../http/rawHttpRequest';
import { createCalSimulator, type CalSimulator } from './calSimulator';
import { zonedIso } from './calTimeZones';

type Envelope = { status: string; data?: Record<string, unknown>; error?: { code: string } };

describe('Cal.com simulator: rescheduling and slots in a time zone', () => {
  let sim: CalSimulator;
  beforeEach(async () => {
    sim = createCalSimulator({ strictVersion: true });
    await sim.start();
  });
  afterEach(() => sim.stop());

  const send = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<[number, Envelope]> => {
    const res = await rawHttpRequest(`${sim.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${sim.apiKey}`,
        'cal-api-version': path.startsWith('/v2/slots')
          ? sim.apiVersions.slots
          : sim.apiVersions.bookings,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return [res.status, JSON.parse(res.body) as Envelope];
  };
  const book = async (start: string) => {
    const [, created] = await send('POST', '/v2/bookings', {
      start,
      eventTypeId: 1,
      attendee: { name: 'Sara Haddad', email: 'sara@dealix.test', timeZone: 'Asia/Riyadh' },
    });
    return created.data!.uid as string;
  };

  it('moves a booking: a new booking from the old, the old cancelled and counted once', async () => {
    const uid = await book('2050-09-05T10:00:00Z');
    const [status, moved] = await send('POST', `/v2/bookings/${uid}/reschedule`, {
      start: '2050-09-05T10:30:00Z',
      reschedulingReason: 'The customer asked for later',
    });
    expect(status).toBe(201);
    expect(moved.data).toMatchObject({
      status: 'accepted',
      start: '2050-09-05T10:30:00.000Z',
      end: '2050-09-05T11:00:00.000Z',
      rescheduledFromUid: uid,
      reschedulingReason: 'The customer asked for later',
    });
    expect(moved.data!.uid).not.toBe(uid);
    const [, old] = await send('GET', `/v2/bookings/${uid}`);
    expect(old.data).toMatchObject({
      status: 'cancelled',
      rescheduled: true,
      rescheduledToUid: moved.data!.uid,
    });
    expect(sim.counters.get('bookings_rescheduled')).toBe(1);

    const [again, refused] = await send('POST', `/v2/bookings/${uid}/reschedule`, {
      start: '2050-09-05T12:00:00Z',
    });
    expect([again, refused.error?.code]).toEqual([400, 'BadRequestException']);
    expect(sim.counters.get('bookings_rescheduled')).toBe(1);
  });

  it('refuses a start that is not UTC, a taken slot and an unknown booking', async () => {
    const uid = await book('2050-09-05T10:00:00Z');
    await book('2050-09-05T11:00:00Z');
    const [local] = await send('POST', `/v2/bookings/${uid}/reschedule`, {
      start: '2050-09-05T13:00:00+03:00',
    });
    const [taken] = await send('POST', `/v2/bookings/${uid}/reschedule`, {
      start: '2050-09-05T11:00:00Z',
    });
    const [unknown, missing] = await send('POST', '/v2/bookings/nope/reschedule', {
      start: '2050-09-05T14:00:00Z',
    });
    expect([local, taken, unknown, missing.error?.code]).toEqual([
      400,
      400,
      404,
      'NotFoundException',
    ]);
    expect(sim.counters.get('bookings_rescheduled')).toBe(0);
  });

  it("lists slots in the asked time zone: that zone's wall clock, offset and dates", async () => {
    const [status, slots] = await send(
      'GET',
      '/v2/slots?eventTypeId=1&start=2050-09-05&end=2050-09-05&timeZone=Asia/Riyadh',
    );
    expect(status).toBe(200);
    const days = slots.data as Record<string, Array<{ start: string }>>;
    expect(days['2050-09-05']![0]).toEqual({ start: '2050-09-05T12:00:00.000+03:00' });
    const [bad] = await send(
      'GET',
      '/v2/slots?eventTypeId=1&start=2050-09-05&end=2050-09-05&timeZone=Mars/Base',
    );
    expect(bad).toBe(400);
  });

  it('writes instants in a zone with its offset, across daylight saving', () => {
    expect(zonedIso(new Date('2050-01-15T12:00:00Z'), 'America/New_York')).toBe(
      '2050-01-15T07:00:00.000-05:00',
    );
    expect(zonedIso(new Date('2050-07-15T12:00:00Z'), 'America/New_York')).toBe(
      '2050-07-15T08:00:00.000-04:00',
    );
    expect(zonedIso(new Date('2050-07-15T23:30:00Z'), 'Asia/Kolkata')).toBe(
      '2050-07-16T05:00:00.000+05:30',
    );
    expect(zonedIso(new Date('2050-07-15T12:00:00Z'), 'UTC')).toBe('2050-07-15T12:00:00.000+00:00');
  });
});
