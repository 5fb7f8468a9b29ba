import type { SimRequest, SimResponse } from '../../http/types';
import { isRecord, UTC_DATE_TIME } from './bookingInput';
import { bookingJson } from './calBookings';
import { calError, calSuccess } from './calErrors';
import type { CalRouteDeps } from './calRoutes';
import { isBookable, UNAVAILABLE } from './calSlots';

/**
 * POST /v2/bookings/:uid/reschedule (2024-08-13, `{start, reschedulingReason?, rescheduledBy?}`):
 * a new booking at the new start (201 [U], `rescheduledFromUid` naming the old one) and the old
 * one cancelled with `rescheduled: true` and `rescheduledToUid`. The old slot is free for the
 * move itself; a cancelled or unknown booking cannot be moved.
 */
export function rescheduleBooking(deps: CalRouteDeps, req: SimRequest): SimResponse {
  const uid = req.params.uid ?? '';
  const booking = deps.bookings.get(uid);
  if (booking === undefined) return calError(404, req.path, `Booking with uid=${uid} not found`);
  let body: unknown;
  try {
    body = req.json();
  } catch {
    return calError(400, req.path, 'request body must be valid JSON');
  }
  if (!isRecord(body)) return calError(400, req.path, 'request body must be a JSON object');
  const { start, reschedulingReason } = body;
  if (typeof start !== 'string' || !UTC_DATE_TIME.test(start) || Number.isNaN(Date.parse(start))) {
    return calError(400, req.path, 'start must be a valid ISO 8601 date-time in UTC');
  }
  if (reschedulingReason !== undefined && typeof reschedulingReason !== 'string') {
    return calError(400, req.path, 'reschedulingReason must be a string');
  }
  if (booking.status === 'cancelled') {
    return calError(400, req.path, `Can't reschedule booking with uid=${uid}: it is cancelled`);
  }
  const newStart = new Date(start);
  const end = new Date(newStart.getTime() + (booking.end.getTime() - booking.start.getTime()));
  if (!isBookable(newStart, end, deps.workingHours, deps.bookings, uid)) {
    return calError(400, req.path, UNAVAILABLE);
  }
  const moved = deps.bookings.create(
    booking.eventType,
    {
      ...booking.input,
      start: newStart,
      lengthInMinutes: (end.getTime() - newStart.getTime()) / 60_000,
    },
    new Date(),
    booking,
  );
  if (typeof reschedulingReason === 'string') moved.reschedulingReason = reschedulingReason;
  booking.status = 'cancelled';
  booking.rescheduledToUid = moved.uid;
  deps.counters().increment('bookings_rescheduled');
  return calSuccess(201, bookingJson(moved));
}
