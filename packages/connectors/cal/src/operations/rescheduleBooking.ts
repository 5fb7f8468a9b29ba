import { defineOperation, pathSegment, vendorRequest, z } from '@dealix/connector-core';
import {
  bookingOutput,
  bookingUid,
  calBookingAnswer,
  toBookingOutput,
  utcDateTime,
} from '../bookingSchemas';
import { calApi } from '../calApi';
import type { CalOperationContext } from '../calConfig';

export const rescheduleBookingInput = z.object({
  booking_uid: bookingUid,
  /** The new start in UTC; the length stays. */
  start: utcDateTime,
  /** Shown to the attendee. */
  reason: z.string().min(1).max(500).optional(),
});

export const rescheduleBookingOutput = bookingOutput;

/**
 * POST /v2/bookings/{uid}/reschedule (cal-api-version 2024-08-13): Cal.com makes a new booking
 * (a new uid, `rescheduled_from_uid` the old one) and cancels the old. Returns the new booking,
 * whose uid is recorded so its webhooks link to this call.
 */
export const rescheduleBooking = defineOperation({
  input: rescheduleBookingInput,
  output: rescheduleBookingOutput,
  run: async (input, ctx: CalOperationContext) => {
    const answer = await vendorRequest(ctx, {
      ...calApi(ctx, 'bookings'),
      method: 'POST',
      url: `/v2/bookings/${pathSegment(input.booking_uid)}/reschedule`,
      json: {
        start: input.start,
        ...(input.reason !== undefined && { reschedulingReason: input.reason }),
      },
      schema: calBookingAnswer,
    });
    await ctx.recordVendorObject(answer.data.uid);
    return toBookingOutput(answer.data);
  },
});
