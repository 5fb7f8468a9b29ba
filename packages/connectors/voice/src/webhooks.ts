import {
  carriedCorrelationId,
  derivedEventId,
  rejectWebhook,
  signedUrlPayload,
  verifyHmacSignature,
  z,
  type InboundWebhook,
  type WebhookContext,
  type WebhookEvent,
  type WebhookOutcome,
} from '@dealix/connector-core';
import { callSid, callStatus, type CallStatus } from './callSchemas';
import type { VoiceConfig, VoiceState } from './voiceConfig';

/** The audit event each call status becomes; every final status is `call_finished`. */
export const VOICE_WEBHOOK_EVENTS: Readonly<Partial<Record<CallStatus, string>>> = {
  initiated: 'call_initiated',
  ringing: 'call_ringing',
  'in-progress': 'call_answered',
  completed: 'call_finished',
  busy: 'call_finished',
  'no-answer': 'call_finished',
  canceled: 'call_finished',
  failed: 'call_finished',
};

const statusCallback = z.object({
  CallSid: callSid,
  CallStatus: callStatus,
  To: z.string().default(''),
  From: z.string().default(''),
  Direction: z.string().default('outbound-api'),
  SequenceNumber: z.string().regex(/^\d+$/).optional(),
  CallDuration: z.string().regex(/^\d+$/).optional(),
  Timestamp: z.string().optional(),
});

type CallbackParams = Record<string, string | string[]>;

/** The form fields of a POST callback (a repeated name keeps every value). */
function formParams(rawBody: Buffer): CallbackParams {
  const params: CallbackParams = {};
  for (const [name, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const seen = params[name];
    params[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return params;
}

/**
 * The URL as signed, and as a proxy may have changed it: with its port dropped, or with the
 * scheme's default port added (twilio-node's validateRequest tries both).
 */
export function signedUrlCandidates(url: string): string[] {
  const match = /^(https?):\/\/([^/:?#]+)(:\d+)?(.*)$/i.exec(url);
  if (match === null) return [url];
  const scheme = match[1]!;
  const origin = `${scheme}://${match[2]!}`;
  const rest = match[4] ?? '';
  const defaultPort = scheme.toLowerCase() === 'https' ? ':443' : ':80';
  return [url, match[3] === undefined ? `${origin}${defaultPort}${rest}` : `${origin}${rest}`];
}

/**
 * Verifies a Twilio status callback with the kit: X-Twilio-Signature is base64(HMAC-SHA1(auth
 * token, public URL + POST params sorted by name)); a GET callback signs the URL with its query.
 * Twilio signs no timestamp, so a repeat is caught by the event id derived from the call, its
 * status and the callback's sequence number. Each status becomes an audit event about the call
 * (objectId), so it carries the correlation id of the call that placed it: the recorded link's,
 * or, for a status that came before Twilio's answer, the one its signed URL carries.
 */
export function verifyVoiceWebhook(
  req: InboundWebhook,
  ctx: WebhookContext<VoiceConfig, VoiceState>,
): WebhookOutcome {
  const signature = req.headers['x-twilio-signature'];
  if (signature === undefined || signature === '') {
    return rejectWebhook('signature_invalid', 'the X-Twilio-Signature header is missing');
  }
  const params: CallbackParams = req.method === 'POST' ? formParams(req.rawBody) : {};
  const genuine = signedUrlCandidates(req.url).some((url) =>
    verifyHmacSignature({
      algorithm: 'sha1',
      encoding: 'base64',
      secret: ctx.config.auth_token,
      payload: signedUrlPayload(url, params),
      signature,
    }),
  );
  if (!genuine) {
    return rejectWebhook(
      'signature_invalid',
      'X-Twilio-Signature does not match the URL and params',
    );
  }
  const fields = req.method === 'POST' ? params : { ...req.query };
  const single = Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]),
  );
  const callback = statusCallback.safeParse(single);
  if (!callback.success) {
    return rejectWebhook('malformed', 'the signed callback is not a Twilio call status callback');
  }
  // Verified with the URL: the correlation id place_call put on its StatusCallback.
  const event = toWebhookEvent(callback.data, carriedCorrelationId(req));
  return { kind: 'accepted', events: event === undefined ? [] : [event] };
}

function toWebhookEvent(
  callback: z.output<typeof statusCallback>,
  correlationId: string | undefined,
): WebhookEvent | undefined {
  const type = VOICE_WEBHOOK_EVENTS[callback.CallStatus];
  if (type === undefined) return undefined;
  const sequence = callback.SequenceNumber === undefined ? null : Number(callback.SequenceNumber);
  const occurred = callback.Timestamp === undefined ? NaN : Date.parse(callback.Timestamp);
  return {
    id: derivedEventId(callback.CallSid, callback.CallStatus, callback.SequenceNumber ?? ''),
    type,
    objectId: callback.CallSid,
    ...(correlationId !== undefined && { correlationId }),
    ...(!Number.isNaN(occurred) && { occurredAt: new Date(occurred).toISOString() }),
    payload: {
      call_sid: callback.CallSid,
      call_status: callback.CallStatus,
      to: callback.To,
      from: callback.From,
      direction: callback.Direction,
      sequence_number: sequence,
      ...(callback.CallDuration !== undefined && {
        duration_seconds: Number(callback.CallDuration),
      }),
    },
  };
}
