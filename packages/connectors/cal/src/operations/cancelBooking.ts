import { defineOperation, pathSegment, vendorRequest, z } from '@dealix/connector-core';
import { bookingOutput, bookingUid, calBookingAnswer, toBookingOutput } from '../bookingSchemas';
import { calApi } from '../calApi';
import type { CalOperationContext } from '../calConfig';
import { readBooking } from './getBooking';

export const cancelBookingInput = z.object({
  booking_uid: bookingUid,
  /** Why: Cal.com shows it to the attendee in the cancellation email. */
  reason: z.string().min(1).max(500),
});

export const cancelBookingOutput = z.object({
  /** `already_cancelled`: it was cancelled before (by someone, or by an earlier attempt). */
  action: z.enum(['cancelled', 'already_cancelled']),
  booking: bookingOutput,
});

/**
 * Reads the booking, then POST /v2/bookings/{uid}/cancel with the reason (cal-api-version
 * 2024-08-13). A booking already cancelled is left as it is, so a repeat (or a retry after a
 * lost answer) changes nothing: the operation is idempotent.
 */
export const cancelBooking = defineOperation({
  input: cancelBookingInput,
  output: cancelBookingOutput,
  run: async (input, ctx: CalOperationContext) => {
    const current = await readBooking(ctx, input.booking_uid);
    if (current.status === 'cancelled') {
      return { action: 'already_cancelled' as const, booking: current };
    }
    const answer = await vendorRequest(ctx, {
      ...calApi(ctx, 'bookings'),
      method: 'POST',
      url: `/v2/bookings/${pathSegment(input.booking_uid)}/cancel`,
      json: { cancellationReason: input.reason },
      schema: calBookingAnswer,
    });
    return { action: 'cancelled' as const, booking: toBookingOutput(answer.data) };
  },
});
