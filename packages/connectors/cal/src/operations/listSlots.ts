import { defineOperation, vendorRequest, z } from '@dealix/connector-core';
import { timeZone } from '../bookingSchemas';
import { calApi, calEnvelope } from '../calApi';
import type { CalOperationContext } from '../calConfig';

/** A date (`2050-09-05`, the whole day) or a UTC date-time, as the slots endpoint takes them. */
const slotBound = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/,
    'must be a date (2050-09-05) or a UTC date-time (2050-09-05T09:00:00Z)',
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a real date');

export const listSlotsInput = z
  .object({
    event_type_id: z.number().int().positive(),
    /** From this date (its whole day) or instant. */
    start: slotBound,
    /** To this date (its whole day) or instant. */
    end: slotBound,
    /** The zone the slots are written in (default UTC). */
    time_zone: timeZone.optional(),
  })
  .refine((input) => Date.parse(input.end) >= Date.parse(input.start), {
    path: ['end'],
    message: 'end must not be before start',
  });

export const listSlotsOutput = z.object({
  time_zone: z.string(),
  /** Free start times, earliest first, in `time_zone` with its offset. */
  slots: z.array(z.object({ start: z.string() })),
});

// 2024-09-04: { "2050-09-05": [{ "start": "2050-09-05T09:00:00.000Z" }], ... }
const slotsByDate = calEnvelope(z.record(z.string(), z.array(z.object({ start: z.string() }))));

/** GET /v2/slots (cal-api-version 2024-09-04): the event type's free starts in the range. */
export const listSlots = defineOperation({
  input: listSlotsInput,
  output: listSlotsOutput,
  run: async (input, ctx: CalOperationContext) => {
    const answer = await vendorRequest(ctx, {
      ...calApi(ctx, 'slots'),
      url: '/v2/slots',
      params: {
        eventTypeId: String(input.event_type_id),
        start: input.start,
        end: input.end,
        ...(input.time_zone !== undefined && { timeZone: input.time_zone }),
      },
      schema: slotsByDate,
    });
    const slots = Object.values(answer.data)
      .flat()
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    return { time_zone: input.time_zone ?? 'UTC', slots };
  },
});
