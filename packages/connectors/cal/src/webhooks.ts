import {
  derivedEventId,
  parseSignedJson,
  rejectWebhook,
  verifyHmacSignature,
  z,
  type InboundWebhook,
  type WebhookContext,
  type WebhookEvent,
  type WebhookOutcome,
} from '@dealix/connector-core';
import type { CalConfig, CalState } from './calConfig';

/** Cal.com triggers this connector turns into audit events; every other trigger is ignored. */
export const CAL_WEBHOOK_EVENTS = {
  BOOKING_CREATED: 'cal_booking_created',
  BOOKING_RESCHEDULED: 'cal_booking_rescheduled',
  BOOKING_CANCELLED: 'cal_booking_cancelled',
} as const;

const envelope = z.object({
  triggerEvent: z.string().min(1),
  createdAt: z.string(),
  payload: z.unknown(),
});

const person = z.object({
  name: z.string(),
  email: z.string().optional(),
  timeZone: z.string().optional(),
});

const bookingPayload = z.object({
  uid: z.string().min(1),
  bookingId: z.number().int().optional(),
  type: z.string().optional(),
  title: z.string().optional(),
  startTime: z.string(),
  endTime: z.string(),
  status: z.string().optional(),
  organizer: person.optional(),
  attendees: z.array(person).default([]),
  cancellationReason: z.string().nullish(),
});

const toPerson = (p: z.output<typeof person>) => ({
  name: p.name,
  ...(p.email !== undefined && { email: p.email }),
  ...(p.timeZone !== undefined && { time_zone: p.timeZone }),
});

/**
 * Verifies a Cal.com delivery with the kit: X-Cal-Signature-256 is the hex HMAC-SHA256 of the
 * raw body under the webhook's secret, with no prefix (`no-secret-provided` never matches).
 * Cal.com signs no timestamp and sends no event id: the id is derived from the trigger, the
 * booking uid and the delivery's createdAt, so a redelivery is stored once. Each booking event
 * names the booking (objectId), linking it to the call that created or moved it.
 */
export function verifyCalWebhook(
  req: InboundWebhook,
  ctx: WebhookContext<CalConfig, CalState>,
): WebhookOutcome {
  const signature = req.headers['x-cal-signature-256'];
  if (signature === undefined || signature === '') {
    return rejectWebhook('signature_invalid', 'the X-Cal-Signature-256 header is missing');
  }
  const genuine = verifyHmacSignature({
    algorithm: 'sha256',
    encoding: 'hex',
    secret: ctx.config.webhook_secret,
    payload: req.rawBody,
    signature,
  });
  if (!genuine)
    return rejectWebhook('signature_invalid', 'X-Cal-Signature-256 does not match the body');
  const delivery = parseSignedJson(req.rawBody, envelope, 'a Cal.com delivery');
  if (!delivery.ok) return delivery.outcome;
  const { triggerEvent, createdAt } = delivery.value;
  if (!Object.hasOwn(CAL_WEBHOOK_EVENTS, triggerEvent)) return { kind: 'accepted', events: [] };
  const trigger = triggerEvent as keyof typeof CAL_WEBHOOK_EVENTS;
  const booking = bookingPayload.safeParse(delivery.value.payload);
  if (!booking.success) {
    return rejectWebhook('malformed', `the ${trigger} payload is not a booking as documented`);
  }
  return { kind: 'accepted', events: [toWebhookEvent(trigger, createdAt, booking.data)] };
}

function toWebhookEvent(
  trigger: keyof typeof CAL_WEBHOOK_EVENTS,
  createdAt: string,
  b: z.output<typeof bookingPayload>,
): WebhookEvent {
  const occurred = Date.parse(createdAt);
  return {
    id: derivedEventId(trigger, b.uid, createdAt),
    type: CAL_WEBHOOK_EVENTS[trigger],
    objectId: b.uid,
    ...(!Number.isNaN(occurred) && { occurredAt: new Date(occurred).toISOString() }),
    payload: {
      trigger_event: trigger,
      booking_uid: b.uid,
      ...(b.bookingId !== undefined && { booking_id: b.bookingId }),
      ...(b.type !== undefined && { event_type: b.type }),
      ...(b.title !== undefined && { title: b.title }),
      start_time: b.startTime,
      end_time: b.endTime,
      ...(b.status !== undefined && { status: b.status }),
      ...(b.organizer !== undefined && { organizer: toPerson(b.organizer) }),
      attendees: b.attendees.map(toPerson),
      ...(typeof b.cancellationReason === 'string' && {
        cancellation_reason: b.cancellationReason,
      }),
    },
  };
}
