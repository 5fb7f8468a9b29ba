import { createHash, timingSafeEqual } from 'node:crypto';
import {
  rejectWebhook,
  verifyHmacSignature,
  type InboundWebhook,
  type WebhookContext,
  type WebhookEvent,
  type WebhookOutcome,
} from '@dealix/connector-core';
import { notificationEvents, parseNotification } from './webhookNotifications';
import type { WhatsAppConfig, WhatsAppState } from './whatsAppConfig';

/** Meta's challenge is an integer; anything else is not echoed back. */
const CHALLENGE = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Meta's two webhook requests. GET is the subscription handshake: with `hub.mode=subscribe`
 * and the tenant's verify token, the challenge is answered as plain text; anything else is
 * refused. POST is a delivery: `X-Hub-Signature-256: sha256=<hex>` must be HMAC-SHA256 of the
 * raw body keyed with the app secret (the kit's constant-time check) before anything is
 * parsed. Meta signs no timestamp: a redelivery is stored once by its event id (the message
 * id; a status's id and status together).
 */
export function verifyWhatsAppWebhook(
  req: InboundWebhook,
  ctx: WebhookContext<WhatsAppConfig, WhatsAppState>,
): WebhookOutcome {
  if (req.method === 'GET') return handshake(req, ctx.config.verify_token);
  const genuine = verifyHmacSignature({
    algorithm: 'sha256',
    encoding: 'hex',
    prefix: 'sha256=',
    secret: ctx.config.app_secret,
    payload: req.rawBody,
    signature: req.headers['x-hub-signature-256'],
  });
  if (!genuine) {
    return rejectWebhook(
      'signature_invalid',
      'X-Hub-Signature-256 is missing or is not the HMAC-SHA256 of the body under the app secret',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    return rejectWebhook('malformed', 'the signed body is not JSON');
  }
  const notification = parseNotification(body);
  if (typeof notification === 'string') return rejectWebhook('malformed', notification);
  const events: WebhookEvent[] = notificationEvents(notification, ctx.config.phone_number_id);
  return { kind: 'accepted', events };
}

function handshake(req: InboundWebhook, verifyToken: string): WebhookOutcome {
  const mode = single(req.query['hub.mode']);
  const token = single(req.query['hub.verify_token']);
  const challenge = single(req.query['hub.challenge']);
  if (mode !== 'subscribe' || token === undefined || !sameSecret(token, verifyToken)) {
    return rejectWebhook(
      'signature_invalid',
      'the handshake is not a subscribe with the verify token',
    );
  }
  if (challenge === undefined || !CHALLENGE.test(challenge)) {
    return rejectWebhook('malformed', 'the handshake carries no usable hub.challenge');
  }
  return { kind: 'respond', status: 200, body: challenge, contentType: 'text/plain' };
}

function single(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Constant time whatever the lengths: both sides are hashed first. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
