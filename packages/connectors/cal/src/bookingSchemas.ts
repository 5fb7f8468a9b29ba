import { personal, z } from '@dealix/connector-core';
import { calEnvelope } from './calApi';

/** A booking's uid as Cal.com writes it (URL-safe). */
export const bookingUid = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a Cal.com booking uid (letters, digits, _ and -)');

/** An ISO 8601 date-time in UTC (`2050-09-05T09:00:00Z`): Cal.com requires starts in UTC. */
export const utcDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/,
    'must be an ISO 8601 date-time in UTC, ending in Z (e.g. 2050-09-05T09:00:00Z)',
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a real date and time');

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name this runtime knows (`Asia/Riyadh`, `America/New_York`, `UTC`). */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as Asia/Riyadh');

const calAttendee = z.object({
  name: z.string(),
  email: z.string().optional(),
  timeZone: z.string(),
  phoneNumber: z.string().optional(),
});

/** The fields of BookingOutput_2024_08_13 this connector reads. */
export const calBooking = z.object({
  id: z.number().int(),
  uid: z.string(),
  title: z.string(),
  status: z.enum(['accepted', 'cancelled', 'pending', 'rejected']),
  start: z.string(),
  end: z.string(),
  duration: z.number(),
  eventTypeId: z.number().int(),
  attendees: z.array(calAttendee),
  meetingUrl: z.string().nullish(),
  cancellationReason: z.string().nullish(),
  rescheduledFromUid: z.string().nullish(),
  rescheduledToUid: z.string().nullish(),
  createdAt: z.string(),
});
export type CalBooking = z.output<typeof calBooking>;

/** Cal.com's answer about one booking (get, create, reschedule, cancel), built once. */
export const calBookingAnswer = calEnvelope(calBooking);

/** A booking as callers see it: attendee details (and the title, which names them) are personal. */
export const bookingOutput = z.object({
  uid: z.string(),
  id: z.number().int(),
  title: personal(z.string()),
  status: z.enum(['accepted', 'cancelled', 'pending', 'rejected']),
  start: z.string(),
  end: z.string(),
  duration_minutes: z.number(),
  event_type_id: z.number().int(),
  attendees: z.array(
    z.object({
      name: personal(z.string()),
      email: personal(z.string()).optional(),
      time_zone: z.string(),
      phone_number: personal(z.string()).optional(),
    }),
  ),
  meeting_url: z.string().nullable(),
  cancellation_reason: z.string().nullable(),
  /** On a booking made by a reschedule: the booking it replaced. */
  rescheduled_from_uid: z.string().nullable(),
  /** On a booking that was rescheduled: the booking that replaced it. */
  rescheduled_to_uid: z.string().nullable(),
  created_at: z.string(),
});
export type BookingOutput = z.output<typeof bookingOutput>;

export function toBookingOutput(booking: CalBooking): BookingOutput {
  return {
    uid: booking.uid,
    id: booking.id,
    title: booking.title,
    status: booking.status,
    start: booking.start,
    end: booking.end,
    duration_minutes: booking.duration,
    event_type_id: booking.eventTypeId,
    attendees: booking.attendees.map((a) => ({
      name: a.name,
      ...(a.email !== undefined && { email: a.email }),
      time_zone: a.timeZone,
      ...(a.phoneNumber !== undefined && { phone_number: a.phoneNumber }),
    })),
    meeting_url: booking.meetingUrl ?? null,
    cancellation_reason: booking.cancellationReason ?? null,
    rescheduled_from_uid: booking.rescheduledFromUid ?? null,
    rescheduled_to_uid: booking.rescheduledToUid ?? null,
    created_at: booking.createdAt,
  };
}
