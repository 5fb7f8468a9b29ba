import type { z } from 'zod';
import type { WebhookOutcome } from '../contract/types';

/** Why a delivery is refused: the host counts each reason and never parses a refused body. */
export type WebhookRejectionReason = Extract<WebhookOutcome, { kind: 'rejected' }>['reason'];

/** The outcome that refuses a delivery, for `verifyWebhook` to return. */
export function rejectWebhook(reason: WebhookRejectionReason, message: string): WebhookOutcome {
  return { kind: 'rejected', reason, message };
}

export type SignedJson<T> = { ok: true; value: T } | { ok: false; outcome: WebhookOutcome };

/**
 * Reads a delivery's raw body, already verified, as JSON of the vendor's shape: the value, or
 * the `malformed` refusal naming what it is not ("the signed body is not a Stripe event").
 */
export function parseSignedJson<S extends z.ZodType>(
  rawBody: Buffer,
  schema: S,
  what: string,
): SignedJson<z.output<S>> {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, outcome: rejectWebhook('malformed', 'the signed body is not JSON') };
  }
  const parsed = schema.safeParse(body);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, outcome: rejectWebhook('malformed', `the signed body is not ${what}`) };
}
