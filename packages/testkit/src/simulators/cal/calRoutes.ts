import type { SideEffectCounters } from '../../http/sideEffectCounters';
import type { RouteDef, SimRequest, SimResponse } from '../../http/types';
import { isValidTimeZone, parseBookingInput } from './bookingInput';
import { bookingJson } from './calBookings';
import type { CalBookingStore, CalEventType } from './calBookings';
import { calError, calSuccess } from './calErrors';
import { rescheduleBooking } from './calReschedule';
import { freeSlots, isBookable, parseSlotBound, UNAVAILABLE } from './calSlots';
import type { WorkingHoursUtc } from './calSlots';

export interface CalRouteDeps {
  bookings: CalBookingStore;
  eventTypes: readonly CalEventType[];
  workingHours: WorkingHoursUtc;
  counters: () => SideEffectCounters;
  /** Wraps a handler with the cal-api-version check of its endpoint group. */
  versioned: (
    group: 'bookings' | 'slots',
    handler: (req: SimRequest) => SimResponse,
  ) => (req: SimRequest) => SimResponse;
}

function createBooking(deps: CalRouteDeps, req: SimRequest): SimResponse {
  let body: unknown;
  try {
    body = req.json();
  } catch {
    return calError(400, req.path, 'request body must be valid JSON');
  }
  const parsed = parseBookingInput(body);
  if (!parsed.ok) return calError(400, req.path, parsed.message);
  const { input } = parsed;
  const eventType = deps.eventTypes.find((type) => type.id === input.eventTypeId);
  if (eventType === undefined) {
    return calError(404, req.path, `Event type with id=${input.eventTypeId} not found`);
  }
  const end = new Date(
    input.start.getTime() + (input.lengthInMinutes ?? eventType.lengthInMinutes) * 60_000,
  );
  if (!isBookable(input.start, end, deps.workingHours, deps.bookings)) {
    return calError(400, req.path, UNAVAILABLE);
  }
  const booking = deps.bookings.create(eventType, input, new Date());
  deps.counters().increment('bookings_created');
  return calSuccess(201, bookingJson(booking));
}

function cancelBooking(deps: CalRouteDeps, req: SimRequest): SimResponse {
  const uid = req.params.uid ?? '';
  const booking = deps.bookings.get(uid);
  if (booking === undefined) return calError(404, req.path, `Booking with uid=${uid} not found`);
  let reason: unknown;
  if (req.rawBody.length > 0) {
    try {
      reason = req.json<{ cancellationReason?: unknown }>().cancellationReason;
    } catch {
      return calError(400, req.path, 'request body must be valid JSON');
    }
  }
  if (reason !== undefined && typeof reason !== 'string') {
    return calError(400, req.path, 'cancellationReason must be a string');
  }
  if (booking.status === 'cancelled') {
    return calError(400, req.path, 'This booking has already been cancelled.');
  }
  booking.status = 'cancelled';
  if (reason !== undefined) booking.cancellationReason = reason;
  deps.counters().increment('bookings_cancelled');
  return calSuccess(200, bookingJson(booking));
}

function slots(deps: CalRouteDeps, req: SimRequest): SimResponse {
  const eventTypeId = Number(req.query.eventTypeId);
  if (!Number.isInteger(eventTypeId) || eventTypeId <= 0) {
    return calError(400, req.path, 'eventTypeId must be a positive integer');
  }
  const start = parseSlotBound(req.query.start, false);
  const end = parseSlotBound(req.query.end, true);
  if (start === null || end === null) {
    return calError(400, req.path, 'start and end must be ISO 8601 dates or UTC date-times');
  }
  if (end <= start) return calError(400, req.path, 'end must be after start');
  const timeZone = req.query.timeZone;
  if (timeZone !== undefined && (typeof timeZone !== 'string' || !isValidTimeZone(timeZone))) {
    return calError(400, req.path, 'timeZone must be a valid IANA time zone');
  }
  const eventType = deps.eventTypes.find((type) => type.id === eventTypeId);
  if (eventType === undefined) {
    return calError(404, req.path, `Event type with id=${eventTypeId} not found`);
  }
  return calSuccess(
    200,
    freeSlots(eventType, start, end, deps.workingHours, deps.bookings, timeZone),
  );
}

export function createCalRoutes(deps: CalRouteDeps): RouteDef[] {
  return [
    {
      id: 'cal.bookings.create',
      method: 'POST',
      path: '/v2/bookings',
      handler: deps.versioned('bookings', (req) => createBooking(deps, req)),
    },
    {
      id: 'cal.bookings.get',
      method: 'GET',
      path: '/v2/bookings/:uid',
      handler: deps.versioned('bookings', (req) => {
        const booking = deps.bookings.get(req.params.uid ?? '');
        if (booking === undefined) {
          return calError(404, req.path, `Booking with uid=${req.params.uid ?? ''} not found`);
        }
        return calSuccess(200, bookingJson(booking));
      }),
    },
    {
      id: 'cal.bookings.cancel',
      method: 'POST',
      path: '/v2/bookings/:uid/cancel',
      handler: deps.versioned('bookings', (req) => cancelBooking(deps, req)),
    },
    {
      id: 'cal.bookings.reschedule',
      method: 'POST',
      path: '/v2/bookings/:uid/reschedule',
      handler: deps.versioned('bookings', (req) => rescheduleBooking(deps, req)),
    },
    {
      id: 'cal.slots',
      method: 'GET',
      path: '/v2/slots',
      handler: deps.versioned('slots', (req) => slots(deps, req)),
    },
    {
      id: 'cal.me',
      method: 'GET',
      path: '/v2/me',
      handler: () =>
        calSuccess(200, {
          id: 1,
          username: 'host',
          email: 'host@cal.test',
          timeFormat: 24,
          defaultScheduleId: 1,
          weekStart: 'Monday',
          timeZone: 'UTC',
        }),
    },
  ];
}
