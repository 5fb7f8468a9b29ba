import { defineOperation, pathSegment, vendorRequest, z } from '@dealix/connector-core';
import { bookingOutput, bookingUid, calBookingAnswer, toBookingOutput } from '../bookingSchemas';
import { calApi } from '../calApi';
import type { CalConfig, CalOperationContext } from '../calConfig';
import type { ConnectorContext } from '@dealix/connector-core';

export const getBookingInput = z.object({ booking_uid: bookingUid });

export const getBookingOutput = bookingOutput;

/** GET /v2/bookings/{uid} (cal-api-version 2024-08-13), shared with cancel_booking. */
export async function readBooking(ctx: ConnectorContext<CalConfig>, uid: string) {
  const answer = await vendorRequest(ctx, {
    ...calApi(ctx, 'bookings'),
    url: `/v2/bookings/${pathSegment(uid)}`,
    schema: calBookingAnswer,
  });
  return toBookingOutput(answer.data);
}

/** The booking as Cal.com has it now. */
export const getBooking = defineOperation({
  input: getBookingInput,
  output: getBookingOutput,
  run: (input, ctx: CalOperationContext) => readBooking(ctx, input.booking_uid),
});
