import type { SideEffectCounters } from '../../http/sideEffectCounters';
import type { RouteHandler, SimRequest, SimResponse } from '../../http/types';
import { callSid, FINAL_STATUSES, toCallResource } from './twilioCalls';
import type { SimulatedCall } from './twilioCalls';
import { missingParameter, notFound, twilioError } from './twilioErrors';

export interface TwilioCallsContext {
  accountSid: string;
  calls: Map<string, SimulatedCall>;
  counters: SideEffectCounters;
  /** [U] Status of a created call (201 per a third-party example). */
  createStatus: number;
}

const E164 = /^\+[1-9]\d{1,14}$/;
const CLIENT_OR_SIP = /^(client:[\w.-]+|sip:.+)$/;
const STATUS_CALLBACK_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The account in the path must be the authenticated one; another account's calls are not found. */
function checkAccount(ctx: TwilioCallsContext, req: SimRequest): SimResponse | null {
  return req.params.accountSid === ctx.accountSid ? null : notFound(req.path);
}

export function createCall(ctx: TwilioCallsContext): RouteHandler {
  return (req) => {
    const wrongAccount = checkAccount(ctx, req);
    if (wrongAccount) return wrongAccount;
    const form = req.form();
    const to = firstString(form.To);
    const from = firstString(form.From);
    if (to === undefined || to === '') return missingParameter('To');
    if (from === undefined || from === '') return missingParameter('From');
    const url = firstString(form.Url);
    const twiml = firstString(form.Twiml);
    const applicationSid = firstString(form.ApplicationSid);
    if (url === undefined && twiml === undefined && applicationSid === undefined) {
      return twilioError(400, 21200, 'Either Url, Twiml or ApplicationSid must be provided.');
    }
    if (!E164.test(to) && !CLIENT_OR_SIP.test(to)) {
      return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
    }
    if (!E164.test(from) && !CLIENT_OR_SIP.test(from)) {
      return twilioError(400, 21212, `Invalid From Number (caller ID): ${from}`);
    }
    if (url !== undefined && !isHttpUrl(url))
      return twilioError(400, 21205, 'Url is not a valid URL.');
    const statusCallback = firstString(form.StatusCallback);
    if (statusCallback !== undefined && !isHttpUrl(statusCallback)) {
      return twilioError(400, 21609, 'StatusCallback is not a valid URL.');
    }
    const rawEvents = form.StatusCallbackEvent;
    const events = (
      Array.isArray(rawEvents) ? rawEvents : rawEvents === undefined ? [] : [rawEvents]
    )
      .flatMap((event) => String(event).split(' '))
      .filter((event) => event.length > 0);
    const unknownEvent = events.find((event) => !STATUS_CALLBACK_EVENTS.includes(event));
    if (unknownEvent !== undefined) {
      return twilioError(400, 21626, `Invalid StatusCallbackEvent: ${unknownEvent}`);
    }
    const method = (firstString(form.StatusCallbackMethod) ?? 'POST').toUpperCase();
    if (method !== 'POST' && method !== 'GET') {
      return twilioError(400, 21603, 'StatusCallbackMethod must be GET or POST.');
    }

    const now = new Date();
    const call: SimulatedCall = {
      sid: callSid(),
      accountSid: ctx.accountSid,
      to,
      from,
      status: 'queued',
      url: url ?? null,
      twiml: twiml ?? null,
      applicationSid: applicationSid ?? null,
      statusCallback: statusCallback ?? null,
      statusCallbackEvents: events.length > 0 ? events : ['completed'],
      statusCallbackMethod: method,
      dateCreated: now,
      dateUpdated: now,
      startTime: null,
      endTime: null,
      sequence: 0,
    };
    ctx.calls.set(call.sid, call);
    ctx.counters.increment('calls_placed');
    return { status: ctx.createStatus, body: toCallResource(call) };
  };
}

export function fetchCall(ctx: TwilioCallsContext): RouteHandler {
  return (req) => {
    const call = ctx.calls.get(req.params.sid ?? '');
    if (checkAccount(ctx, req) !== null || call === undefined) return notFound(req.path);
    return { status: 200, body: toCallResource(call) };
  };
}

/**
 * Ending a live call by `Status`, as twilio.com/docs/api/rest/change-call-state documents it:
 * "Specifying canceled will attempt to hangup calls that are queued or ringing but not affect
 * calls already in progress. Specifying completed will attempt to hang up a call even if it's
 * already in progress." So:
 * - `completed` ends the call in any live state: an answered call ends `completed` (hung up), a
 *   call not yet answered ends `canceled` ([U] inferred from Twilio's call statuses: `canceled`
 *   is an outbound call canceled through the REST API before it was answered, `completed` one
 *   that was connected).
 * - [U] The update's own 200 answer already shows the ended status (real Twilio may end the
 *   call a moment later and answer the status it had).
 * - `canceled` ends a queued or ringing call; an in-progress call is left as it is and the
 *   answer is 200 with its current representation (no error).
 * - [U] `initiated` (dialled, not yet ringing) is treated as not answered, like queued.
 * - [U] Updating a call that has already ended: no wire fact says what Twilio answers; the
 *   simulator keeps answering 400 21220 ("invalid call state") and changes nothing.
 */
export function updateCall(ctx: TwilioCallsContext): RouteHandler {
  return (req) => {
    const call = ctx.calls.get(req.params.sid ?? '');
    if (checkAccount(ctx, req) !== null || call === undefined) return notFound(req.path);
    const status = firstString(req.form().Status);
    if (status === undefined) return missingParameter('Status');
    if (status !== 'canceled' && status !== 'completed') {
      return twilioError(400, 20001, `Invalid Status "${status}": must be canceled or completed.`);
    }
    if (FINAL_STATUSES.includes(call.status)) {
      // [U] See above: the answer for a call that has ended already is an assumption.
      return twilioError(400, 21220, `Call is ${call.status}; it has ended and cannot be updated.`);
    }
    // A live call is queued, initiated, ringing (not answered yet) or in-progress (answered).
    const answered = call.status === 'in-progress';
    // Canceling an answered call does not affect it: 200 and the call as it is.
    if (answered && status === 'canceled') return { status: 200, body: toCallResource(call) };
    const now = new Date();
    call.status = answered ? 'completed' : 'canceled';
    call.endTime = now;
    call.dateUpdated = now;
    ctx.counters.increment(answered ? 'calls_hung_up' : 'calls_canceled');
    return { status: 200, body: toCallResource(call) };
  };
}
