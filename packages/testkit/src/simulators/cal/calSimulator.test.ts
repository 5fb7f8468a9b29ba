import { createHmac } from 'node:crypto';
import { rawHttpRequest } from '../../http/rawHttpRequest';
import type { RawHttpResponse } from '../../http/rawHttpRequest';
import { createCalSimulator } from './calSimulator';
import type { CalSimulator } from './calSimulator';

interface CallOptions {
  body?: unknown;
  apiKey?: string | null;
  version?: string | null;
  timeoutMs?: number;
}

function call(sim: CalSimulator, method: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = {};
  const key = options.apiKey === undefined ? sim.apiKey : options.apiKey;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  const group = path.startsWith('/v2/slots') ? 'slots' : 'bookings';
  const version = options.version === undefined ? sim.apiVersions[group] : options.version;
  if (version !== null) headers['cal-api-version'] = version;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return rawHttpRequest(`${sim.baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    timeoutMs: options.timeoutMs,
  });
}

function json<T = Record<string, unknown>>(response: RawHttpResponse): T {
  return JSON.parse(response.body) as T;
}

const booking = {
  start: '2050-09-05T10:00:00Z',
  eventTypeId: 1,
  attendee: { name: 'Sara Haddad', email: 'sara@dealix.test', timeZone: 'Asia/Riyadh' },
  metadata: { dealId: 'D-42' },
};

type BookingData = { id: number; uid: string; status: string; start: string; end: string };

async function rejection(promise: Promise<unknown>): Promise<{ code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string };
  }
  throw new Error('expected the request to fail');
}

describe('Cal.com simulator', () => {
  let sim: CalSimulator;
  beforeEach(async () => {
    sim = createCalSimulator();
    await sim.start();
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('creates a booking (201, success envelope), reads it back and counts it', async () => {
    const created = await call(sim, 'POST', '/v2/bookings', { body: booking });
    expect(created.status).toBe(201);
    const { status, data } = json<{ status: string; data: BookingData }>(created);
    expect(status).toBe('success');
    expect(data).toMatchObject({
      status: 'accepted',
      start: '2050-09-05T10:00:00.000Z',
      end: '2050-09-05T10:30:00.000Z',
      metadata: { dealId: 'D-42' },
      attendees: [{ name: 'Sara Haddad', email: 'sara@dealix.test', timeZone: 'Asia/Riyadh' }],
    });
    expect(sim.counters.get('bookings_created')).toBe(1);

    const read = await call(sim, 'GET', `/v2/bookings/${data.uid}`);
    expect(json<{ data: BookingData }>(read).data.id).toBe(data.id);
  });

  it('accepts an attendee with a phone number and no email', async () => {
    const { email: _email, ...attendee } = booking.attendee;
    const created = await call(sim, 'POST', '/v2/bookings', {
      body: { ...booking, attendee: { ...attendee, phoneNumber: '+966500000000' } },
    });
    expect(created.status).toBe(201);
  });

  it.each([
    ['a start that is not UTC', { ...booking, start: '2050-09-05T10:00:00+03:00' }],
    ['no eventTypeId', { ...booking, eventTypeId: undefined }],
    [
      'an attendee without email or phone',
      { ...booking, attendee: { name: 'X', timeZone: 'UTC' } },
    ],
    [
      'an unknown time zone',
      { ...booking, attendee: { ...booking.attendee, timeZone: 'Mars/Olympus' } },
    ],
    ['a metadata key over 40 characters', { ...booking, metadata: { ['k'.repeat(41)]: 'v' } }],
  ])('refuses %s with a 400 error envelope', async (_case, body) => {
    const response = await call(sim, 'POST', '/v2/bookings', { body });
    expect(response.status).toBe(400);
    expect(json(response)).toEqual({
      status: 'error',
      timestamp: expect.any(String),
      path: '/v2/bookings',
      error: { code: 'BadRequestException', message: expect.any(String) },
    });
    expect(sim.counters.get('bookings_created')).toBe(0);
  });

  it('answers 404 NotFoundException for an unknown event type or booking', async () => {
    const noType = await call(sim, 'POST', '/v2/bookings', {
      body: { ...booking, eventTypeId: 999 },
    });
    expect(noType.status).toBe(404);
    expect(json<{ error: { code: string } }>(noType).error.code).toBe('NotFoundException');
    const noBooking = await call(sim, 'GET', '/v2/bookings/nope');
    expect(noBooking.status).toBe(404);
  });

  it('cancels once (200); cancelling again is an error envelope and is not counted', async () => {
    const { data } = json<{ data: BookingData }>(
      await call(sim, 'POST', '/v2/bookings', { body: booking }),
    );
    const cancelled = await call(sim, 'POST', `/v2/bookings/${data.uid}/cancel`, {
      body: { cancellationReason: 'Customer asked' },
    });
    expect(cancelled.status).toBe(200);
    expect(json<{ data: Record<string, unknown> }>(cancelled).data).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'Customer asked',
    });
    const again = await call(sim, 'POST', `/v2/bookings/${data.uid}/cancel`, { body: {} });
    expect(again.status).toBe(400);
    expect(json(again)).toMatchObject({ status: 'error', error: { code: 'BadRequestException' } });
    expect(sim.counters.snapshot()).toEqual({ bookings_created: 1, bookings_cancelled: 1 });
  });

  it('lists deterministic free slots and leaves out taken ones and double bookings', async () => {
    const path = '/v2/slots?eventTypeId=1&start=2050-09-05&end=2050-09-05';
    const before = json<{ data: Record<string, Array<{ start: string }>> }>(
      await call(sim, 'GET', path),
    ).data;
    const day = before['2050-09-05'] ?? [];
    expect(day[0]).toEqual({ start: '2050-09-05T09:00:00.000Z' });
    expect(day).toHaveLength(16);

    await call(sim, 'POST', '/v2/bookings', { body: booking });
    const after = json<{ data: Record<string, Array<{ start: string }>> }>(
      await call(sim, 'GET', path),
    ).data;
    expect(after['2050-09-05']?.map((slot) => slot.start)).not.toContain(
      '2050-09-05T10:00:00.000Z',
    );
    expect(after['2050-09-05']).toHaveLength(15);

    const doubleBooked = await call(sim, 'POST', '/v2/bookings', { body: booking });
    expect(doubleBooked.status).toBe(400);
  });

  it('answers 401 without a valid cal_ key', async () => {
    for (const apiKey of [null, 'cal_test_other']) {
      const response = await call(sim, 'GET', '/v2/me', { apiKey });
      expect(response.status).toBe(401);
      expect(json(response)).toMatchObject({
        status: 'error',
        error: { code: 'UnauthorizedException' },
      });
    }
    expect((await call(sim, 'GET', '/v2/me')).status).toBe(200);
  });

  it('counts requests whose cal-api-version is missing or wrong as fallbacks', async () => {
    await call(sim, 'GET', '/v2/bookings/nope', { version: null });
    await call(sim, 'GET', '/v2/slots?eventTypeId=1&start=2050-09-05&end=2050-09-05', {
      version: '2024-08-13',
    });
    await call(sim, 'GET', '/v2/bookings/nope');
    expect(sim.fallbacks).toBe(2);
    const overHttp = await rawHttpRequest(`${sim.baseUrl}/__sim/fallbacks`);
    expect(JSON.parse(overHttp.body)).toEqual({ fallbacks: 2 });
  });

  it('refuses a missing or wrong cal-api-version with 400 when strictVersion is on', async () => {
    const strict = createCalSimulator({ strictVersion: true });
    await strict.start();
    const response = await call(strict, 'POST', '/v2/bookings', {
      body: booking,
      version: '2026-02-25',
    });
    await strict.stop();
    expect(response.status).toBe(400);
    expect(json<{ error: { message: string } }>(response).error.message).toContain('2024-08-13');
    expect(strict.counters.get('bookings_created')).toBe(0);
  });

  it('signs webhook bodies with HMAC-SHA256 hex and no prefix', () => {
    const body = sim.webhookBody('BOOKING_CREATED', { uid: 'abc' });
    expect(JSON.parse(body)).toMatchObject({
      triggerEvent: 'BOOKING_CREATED',
      payload: { uid: 'abc' },
    });
    const expected = createHmac('sha256', sim.webhookSecret ?? '')
      .update(body)
      .digest('hex');
    expect(sim.signWebhook(body)).toBe(expected);
    expect(createCalSimulator({ webhookSecret: null }).signWebhook(body)).toBe(
      'no-secret-provided',
    );
  });

  describe('faults on bookings.create', () => {
    it('a 429 with Retry-After books nothing', async () => {
      sim.injectFault({
        route: 'cal.bookings.create',
        fault: { kind: 'rate_limit', retryAfterSeconds: 7 },
        times: 1,
      });
      const response = await call(sim, 'POST', '/v2/bookings', { body: booking });
      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBe('7');
      expect(json(response)).toMatchObject({
        status: 'error',
        error: { code: 'ThrottlerException' },
      });
      expect(sim.counters.get('bookings_created')).toBe(0);
    });

    it('a reset after processing books once although the client saw a reset', async () => {
      sim.injectFault({
        route: 'cal.bookings.create',
        fault: { kind: 'reset_after_processing' },
        times: 1,
      });
      expect((await rejection(call(sim, 'POST', '/v2/bookings', { body: booking }))).code).toBe(
        'ECONNRESET',
      );
      expect(sim.counters.get('bookings_created')).toBe(1);
      const retried = await call(sim, 'POST', '/v2/bookings', { body: booking });
      expect(retried.status).toBe(400);
      expect(sim.counters.get('bookings_created')).toBe(1);
    });

    it('a delay longer than the client timeout times the client out', async () => {
      sim.injectFault({
        route: 'cal.bookings.create',
        fault: { kind: 'delay', ms: 2000 },
        times: 1,
      });
      const err = await rejection(
        call(sim, 'POST', '/v2/bookings', { body: booking, timeoutMs: 100 }),
      );
      expect(err.code).toBe('ETIMEDOUT');
    });

    it('an expired_token fault answers 401 in the error envelope', async () => {
      sim.injectFault({ route: 'cal.bookings.create', fault: { kind: 'expired_token' }, times: 1 });
      const response = await call(sim, 'POST', '/v2/bookings', { body: booking });
      expect(response.status).toBe(401);
      expect(json(response)).toMatchObject({
        status: 'error',
        error: { code: 'UnauthorizedException' },
      });
    });
  });

  it('reset() forgets bookings, fallbacks and counters', async () => {
    const { data } = json<{ data: BookingData }>(
      await call(sim, 'POST', '/v2/bookings', { body: booking, version: null }),
    );
    sim.reset();
    expect(sim.fallbacks).toBe(0);
    expect(sim.counters.snapshot()).toEqual({});
    expect((await call(sim, 'GET', `/v2/bookings/${data.uid}`)).status).toBe(404);
  });
});
