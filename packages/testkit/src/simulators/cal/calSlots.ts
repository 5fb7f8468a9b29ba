import type { CalBookingStore, CalEventType } from './calBookings';
import { zonedIso } from './calTimeZones';

export interface WorkingHoursUtc {
  /** First slot start hour (UTC), inclusive. */
  from: number;
  /** Hour by which the last slot must end (UTC). */
  to: number;
}

// Cal.com's wording when a slot is taken or outside availability [U: exact text and status].
export const UNAVAILABLE = 'User either already has booking at this time or is not available';

function withinWorkingHours(start: Date, end: Date, hours: WorkingHoursUtc): boolean {
  const dayStart = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  return (
    start.getTime() >= dayStart + hours.from * 3_600_000 &&
    end.getTime() <= dayStart + hours.to * 3_600_000
  );
}

/**
 * Whether [start, end) can be booked: inside working hours and overlapping no accepted booking
 * but `except` (the booking being moved). Otherwise Cal.com answers UNAVAILABLE.
 */
export function isBookable(
  start: Date,
  end: Date,
  hours: WorkingHoursUtc,
  bookings: CalBookingStore,
  except?: string,
): boolean {
  return (
    withinWorkingHours(start, end, hours) && bookings.overlapping(start, end, except).length === 0
  );
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * Parses a slots query bound: a date (`2050-09-05`, the whole day in UTC) or a UTC date-time.
 * An `end` given as a date covers that entire day, as Cal.com reads it.
 */
export function parseSlotBound(value: unknown, isEnd: boolean): Date | null {
  if (typeof value !== 'string') return null;
  if (DATE_ONLY.test(value)) {
    const day = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(day)) return null;
    return new Date(isEnd ? day + DAY_MS : day);
  }
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : new Date(parsed);
}

/**
 * Free slots of one event type between two instants, grouped by date as in the 2024-09-04
 * response (`{"2050-09-05":[{"start":"2050-09-05T09:00:00.000Z"}]}`). With a `timeZone`, each
 * start is that zone's wall-clock time with its offset and the dates are that zone's.
 * Deterministic: every day the same grid inside working hours, minus slots overlapping an
 * accepted booking.
 */
export function freeSlots(
  eventType: CalEventType,
  start: Date,
  end: Date,
  hours: WorkingHoursUtc,
  bookings: CalBookingStore,
  timeZone?: string,
): Record<string, Array<{ start: string }>> {
  const slotMs = eventType.lengthInMinutes * 60_000;
  const result: Record<string, Array<{ start: string }>> = {};
  const firstDay = Math.floor(start.getTime() / DAY_MS) * DAY_MS;
  for (let day = firstDay; day < end.getTime(); day += DAY_MS) {
    const dayEnd = day + hours.to * 3_600_000;
    for (let at = day + hours.from * 3_600_000; at + slotMs <= dayEnd; at += slotMs) {
      if (at < start.getTime() || at + slotMs > end.getTime()) continue;
      const slotStart = new Date(at);
      if (bookings.overlapping(slotStart, new Date(at + slotMs)).length > 0) continue;
      const shown =
        timeZone === undefined ? slotStart.toISOString() : zonedIso(slotStart, timeZone);
      (result[shown.slice(0, 10)] ??= []).push({ start: shown });
    }
  }
  return result;
}
