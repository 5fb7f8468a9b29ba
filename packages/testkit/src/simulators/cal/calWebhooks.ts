import { hmacHex } from '../../http/signing';

/** The header value Cal.com sends when the webhook has no secret configured. */
export const CAL_NO_SECRET_SIGNATURE = 'no-secret-provided';

/**
 * `X-Cal-Signature-256`: HMAC-SHA256 hex of the raw body, with no `sha256=` prefix
 * (packages/features/webhooks/lib/sendPayload.ts).
 */
export function signCalWebhook(secret: string | null, rawBody: string | Buffer): string {
  if (secret === null || secret === '') return CAL_NO_SECRET_SIGNATURE;
  return hmacHex('sha256', secret, rawBody);
}

/** The default webhook body: `{triggerEvent, createdAt, payload}`, serialised once so it can be signed. */
export function calWebhookBody(
  triggerEvent: string,
  payload: unknown,
  createdAt = new Date(),
): string {
  return JSON.stringify({ triggerEvent, createdAt: createdAt.toISOString(), payload });
}

/** The triggers the Cal.com simulator delivers on demand. */
export const CAL_SAMPLE_TRIGGERS = ['BOOKING_CREATED', 'BOOKING_RESCHEDULED', 'BOOKING_CANCELLED'];

/** A booking payload as Cal.com sends with a booking trigger (a made-up 30-minute intro call). */
export function sampleCalPayload(triggerEvent: string, now = new Date()): Record<string, unknown> {
  const start = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000 + 86_400_000);
  return {
    bookingId: Math.floor(now.getTime() / 1000) % 1_000_000,
    uid: `sandbox-${now.getTime().toString(36)}`,
    type: 'intro-call',
    title: 'Intro Call between Sandbox Organizer and Sandbox Guest',
    startTime: start.toISOString(),
    endTime: new Date(start.getTime() + 30 * 60_000).toISOString(),
    status: triggerEvent === 'BOOKING_CANCELLED' ? 'CANCELLED' : 'ACCEPTED',
    organizer: { name: 'Sandbox Organizer', email: 'organizer@dealix.test', timeZone: 'UTC' },
    attendees: [{ name: 'Sandbox Guest', email: 'guest@dealix.test', timeZone: 'UTC' }],
  };
}
