import { personal, z } from '@dealix/connector-core';

/** A Call SID: CA followed by 32 hex digits. */
export const callSid = z.string().regex(/^CA[0-9a-f]{32}$/, 'must be a Call SID (CA + 32 hex)');

/** Twilio's call statuses (help.twilio.com, "call statuses"). */
export const CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'no-answer',
  'canceled',
  'failed',
] as const;
export const callStatus = z.enum(CALL_STATUSES);
export type CallStatus = z.output<typeof callStatus>;

/** A call that has ended, for whatever reason: nothing can change it any more. */
export const FINAL_STATUSES: readonly CallStatus[] = [
  'completed',
  'busy',
  'no-answer',
  'canceled',
  'failed',
];

/** The fields of Twilio's call resource this connector reads (dates are RFC 2822). */
export const twilioCallResource = z.object({
  sid: callSid,
  status: callStatus,
  to: z.string(),
  from: z.string(),
  direction: z.string(),
  date_created: z.string().nullable(),
  start_time: z.string().nullable(),
  end_time: z.string().nullable(),
  duration: z.string().nullable(),
  price: z.string().nullable(),
  price_unit: z.string().nullable(),
});
export type TwilioCallResource = z.output<typeof twilioCallResource>;

/** A call as callers see it: the called number is personal data. */
export const callOutput = z.object({
  sid: callSid,
  status: callStatus,
  to: personal(z.string()),
  from: z.string(),
  direction: z.string(),
  date_created: z.string().nullable(),
  start_time: z.string().nullable(),
  end_time: z.string().nullable(),
  /** Whole seconds, once the call has ended after being answered. */
  duration_seconds: z.number().int().nonnegative().nullable(),
  price: z.string().nullable(),
  price_unit: z.string().nullable(),
});
export type CallOutput = z.output<typeof callOutput>;

export function toCallOutput(call: TwilioCallResource): CallOutput {
  const duration = call.duration === null ? null : Number.parseInt(call.duration, 10);
  return {
    sid: call.sid,
    status: call.status,
    to: call.to,
    from: call.from,
    direction: call.direction,
    date_created: call.date_created,
    start_time: call.start_time,
    end_time: call.end_time,
    duration_seconds: duration === null || Number.isNaN(duration) ? null : duration,
    price: call.price,
    price_unit: call.price_unit,
  };
}
