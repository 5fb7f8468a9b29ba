import type { SideEffectCounters } from '../../http/sideEffectCounters';
import type { RouteHandler, SimRequest, SimResponse } from '../../http/types';
import { callSid, toCallResource } from './twilioCalls';
import type { CallStatus, SimulatedCall } from './twilioCalls';
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

const UPDATE_RULES: Record<string, { from: readonly CallStatus[]; counter: string }> = {
  canceled: { from: ['queued', 'ringing'], counter: 'calls_canceled' },
  completed: { from: ['in-progress'], counter: 'calls_hung_up' },
};

/** Status=canceled ends a call not yet answered; Status=completed hangs up a call in progress. */
export function updateCall(ctx: TwilioCallsContext): RouteHandler {
  return (req) => {
    const call = ctx.calls.get(req.params.sid ?? '');
    if (checkAccount(ctx, req) !== null || call === undefined) return notFound(req.path);
    const status = firstString(req.form().Status);
    if (status === undefined) return missingParameter('Status');
    const rule = UPDATE_RULES[status];
    if (rule === undefined) {
      return twilioError(400, 20001, `Invalid Status "${status}": must be canceled or completed.`);
    }
    if (!rule.from.includes(call.status)) {
      return twilioError(
        400,
        21220,
        `Call is ${call.status}; Status=${status} requires one of: ${rule.from.join(', ')}.`,
      );
    }
    const now = new Date();
    call.status = status as CallStatus;
    call.endTime = now;
    call.dateUpdated = now;
    ctx.counters.increment(rule.counter);
    return { status: 200, body: toCallResource(call) };
  };
}
