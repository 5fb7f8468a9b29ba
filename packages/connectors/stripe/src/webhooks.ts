import {
  checkTimestampTolerance,
  parseSignatureHeader,
  parseSignedJson,
  rejectWebhook,
  verifyHmacSignature,
  z,
  type InboundWebhook,
  type WebhookContext,
  type WebhookEvent,
  type WebhookOutcome,
} from '@dealix/connector-core';
import type { StripeConfig, StripeState } from './stripeConfig';

/** stripe-node's DEFAULT_TOLERANCE: a signed timestamp older than this is a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Stripe event types this connector turns into audit events; every other type is ignored. */
export const STRIPE_WEBHOOK_EVENTS = {
  'payment_intent.succeeded': 'payment_succeeded',
  'payment_intent.payment_failed': 'payment_failed',
  'charge.refunded': 'charge_refunded',
} as const;

const eventEnvelope = z.object({
  id: z.string().regex(/^evt_/),
  type: z.string(),
  created: z.number().int(),
  data: z.object({ object: z.unknown() }),
});

const intentObject = z.object({
  id: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.string(),
  last_payment_error: z
    .object({ code: z.string().optional(), decline_code: z.string().optional() })
    .nullish(),
});

const chargeObject = z.object({
  id: z.string(),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  currency: z.string(),
  payment_intent: z.string().nullable(),
});

/**
 * Verifies a Stripe delivery against its raw bytes with the kit (`Stripe-Signature`: any v1 over
 * `${t}.${body}`, HMAC-SHA256 hex, constant-time; a 300 s replay window against the runtime's
 * clock) and only then parses it. Payloads keep ids, amounts, statuses and decline codes: no
 * card or customer data.
 */
export function verifyStripeWebhook(
  req: InboundWebhook,
  ctx: WebhookContext<StripeConfig, StripeState>,
): WebhookOutcome {
  const header = req.headers['stripe-signature'];
  if (header === undefined || header === '') {
    return rejectWebhook('signature_invalid', 'the Stripe-Signature header is missing');
  }
  const parsed = parseSignatureHeader(header, { timestamp: 't', signature: 'v1' });
  if (parsed.timestamp === undefined || parsed.signatures.length === 0) {
    return rejectWebhook('signature_invalid', 'the Stripe-Signature header has no t= or no v1=');
  }
  const genuine = verifyHmacSignature({
    algorithm: 'sha256',
    encoding: 'hex',
    secret: ctx.config.webhook_secret,
    payload: [`${parsed.timestamp}.`, req.rawBody],
    signature: parsed.signatures,
  });
  if (!genuine) return rejectWebhook('signature_invalid', 'no v1 signature matches the body');
  const age = checkTimestampTolerance(parsed.timestamp, ctx.clock.now(), WEBHOOK_TOLERANCE_SECONDS);
  if (!age.ok) {
    return rejectWebhook(
      'replayed',
      age.ageSeconds < 0
        ? `the signed timestamp is ${-age.ageSeconds} s ahead of the clock, beyond the ${WEBHOOK_TOLERANCE_SECONDS} s tolerance`
        : `the signed timestamp is ${age.ageSeconds} s old, beyond the ${WEBHOOK_TOLERANCE_SECONDS} s tolerance`,
    );
  }
  const envelope = parseSignedJson(req.rawBody, eventEnvelope, 'a Stripe event');
  if (!envelope.ok) return envelope.outcome;
  const event = toWebhookEvent(envelope.value);
  if (event === null)
    return rejectWebhook('malformed', `the ${envelope.value.type} object is not as documented`);
  return { kind: 'accepted', events: event === undefined ? [] : [event] };
}

/** undefined: a type we do not audit; null: a known type whose object does not parse. */
function toWebhookEvent(envelope: z.output<typeof eventEnvelope>): WebhookEvent | undefined | null {
  const occurredAt = new Date(envelope.created * 1000).toISOString();
  const base = { id: envelope.id, occurredAt };
  switch (envelope.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const intent = intentObject.safeParse(envelope.data.object);
      if (!intent.success) return null;
      const error = intent.data.last_payment_error;
      return {
        ...base,
        type: STRIPE_WEBHOOK_EVENTS[envelope.type],
        payload: {
          stripe_event_type: envelope.type,
          payment_intent: intent.data.id,
          amount: intent.data.amount,
          currency: intent.data.currency,
          status: intent.data.status,
          ...(error?.code !== undefined && { failure_code: error.code }),
          ...(error?.decline_code !== undefined && { decline_code: error.decline_code }),
        },
      };
    }
    case 'charge.refunded': {
      const charge = chargeObject.safeParse(envelope.data.object);
      if (!charge.success) return null;
      return {
        ...base,
        type: STRIPE_WEBHOOK_EVENTS[envelope.type],
        payload: {
          stripe_event_type: envelope.type,
          charge: charge.data.id,
          payment_intent: charge.data.payment_intent,
          amount: charge.data.amount,
          amount_refunded: charge.data.amount_refunded,
          currency: charge.data.currency,
        },
      };
    }
    default:
      return undefined;
  }
}
