import { personal, z } from '@dealix/connector-core';

// What each Cal.com booking event carries (webhooks.ts builds them): the booking, its times and
// the people in it. Names and emails are personal: the runtime masks them in the audit copy
// through these schemas (the outbox keeps them for consumers); the gate diffs
// schemas/webhooks/<event>.json.
const person = z.object({
  name: personal(z.string()),
  email: personal(z.string()).optional(),
  time_zone: z.string().optional(),
});

const bookingEvent = z.object({
  trigger_event: z.enum(['BOOKING_CREATED', 'BOOKING_RESCHEDULED', 'BOOKING_CANCELLED']),
  booking_uid: z.string(),
  booking_id: z.number().int().optional(),
  event_type: z.string().optional(),
  /** Cal.com's title names the people in the booking. */
  title: personal(z.string()).optional(),
  start_time: z.string(),
  end_time: z.string(),
  status: z.string().optional(),
  organizer: person.optional(),
  attendees: z.array(person),
  cancellation_reason: z.string().optional(),
});

export const CAL_WEBHOOK_EVENT_SCHEMAS = {
  cal_booking_created: bookingEvent,
  cal_booking_rescheduled: bookingEvent,
  cal_booking_cancelled: bookingEvent,
};
