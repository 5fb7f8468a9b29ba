import { defineOperation, personal, vendorRequest, z } from '@dealix/connector-core';
import {
  bookingOutput,
  calBookingAnswer,
  timeZone,
  toBookingOutput,
  utcDateTime,
} from '../bookingSchemas';
import { calApi } from '../calApi';
import type { CalOperationContext } from '../calConfig';

/** The reason create_booking's compensation gives the attendee. */
export const COMPENSATION_REASON = 'Cancelled because the request that booked it was undone.';

export const createBookingInput = z.object({
  event_type_id: z.number().int().positive(),
  /** The start in UTC (Cal.com refuses other offsets). */
  start: utcDateTime,
  attendee: z.object({
    name: personal(z.string().min(1).max(200)),
    email: personal(z.email()),
    /** The attendee's IANA time zone: Cal.com writes their invitation in it. */
    time_zone: timeZone,
    phone_number: personal(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be E.164')).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'must be a two-letter language code')
      .optional(),
  }),
  /** Up to 10 more people invited. */
  guests: personal(z.array(z.email()).max(10)).optional(),
  /** For event types that allow several lengths. */
  length_in_minutes: z.number().int().positive().max(1440).optional(),
  /** Cal.com's limits: 50 keys, keys up to 40 characters, values up to 500. */
  metadata: z
    .record(z.string().min(1).max(40), z.string().max(500))
    .refine((m) => Object.keys(m).length <= 50, 'at most 50 keys')
    .optional(),
});

export const createBookingOutput = bookingOutput;

/**
 * POST /v2/bookings (cal-api-version 2024-08-13). Cal.com has no idempotency key: the runtime
 * never re-sends a booking that may have been made. The booking's uid is recorded, so Cal.com's
 * booking webhooks about it carry this call's correlation id.
 */
export const createBooking = defineOperation({
  input: createBookingInput,
  output: createBookingOutput,
  run: async (input, ctx: CalOperationContext) => {
    const { attendee } = input;
    const answer = await vendorRequest(ctx, {
      ...calApi(ctx, 'bookings'),
      method: 'POST',
      url: '/v2/bookings',
      json: {
        start: input.start,
        eventTypeId: input.event_type_id,
        attendee: {
          name: attendee.name,
          email: attendee.email,
          timeZone: attendee.time_zone,
          ...(attendee.phone_number !== undefined && { phoneNumber: attendee.phone_number }),
          ...(attendee.language !== undefined && { language: attendee.language }),
        },
        ...(input.guests !== undefined && { guests: input.guests }),
        ...(input.length_in_minutes !== undefined && { lengthInMinutes: input.length_in_minutes }),
        ...(input.metadata !== undefined && { metadata: input.metadata }),
      },
      schema: calBookingAnswer,
    });
    await ctx.recordVendorObject(answer.data.uid);
    return toBookingOutput(answer.data);
  },
  compensate: ({ output }) => ({
    operation: 'cancel_booking',
    input: { booking_uid: output.uid, reason: COMPENSATION_REASON },
  }),
});
