import { randomBytes } from 'node:crypto';

export type CallStatus =
  | 'queued'
  | 'initiated'
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'canceled'
  | 'failed';

export const FINAL_STATUSES: readonly CallStatus[] = [
  'completed',
  'busy',
  'no-answer',
  'canceled',
  'failed',
];

/** The simulator's record of a call; `toResource()` gives the JSON Twilio answers. */
export interface SimulatedCall {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  status: CallStatus;
  url: string | null;
  twiml: string | null;
  applicationSid: string | null;
  statusCallback: string | null;
  statusCallbackEvents: string[];
  statusCallbackMethod: string;
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  endTime: Date | null;
  /** Incremented for each status callback, as Twilio's SequenceNumber. */
  sequence: number;
}

export function callSid(): string {
  return `CA${randomBytes(16).toString('hex')}`;
}

/** Twilio dates are RFC 2822 (`Tue, 31 Aug 2010 20:36:28 +0000`). */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

export function durationSeconds(call: SimulatedCall): number | null {
  if (call.startTime === null || call.endTime === null) return null;
  return Math.max(0, Math.round((call.endTime.getTime() - call.startTime.getTime()) / 1000));
}

export function callUri(call: SimulatedCall): string {
  return `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}.json`;
}

export function toCallResource(call: SimulatedCall): Record<string, unknown> {
  const duration = durationSeconds(call);
  const base = `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}`;
  return {
    sid: call.sid,
    account_sid: call.accountSid,
    parent_call_sid: null,
    to: call.to,
    to_formatted: call.to,
    from: call.from,
    from_formatted: call.from,
    phone_number_sid: null,
    status: call.status,
    start_time: call.startTime === null ? null : rfc2822(call.startTime),
    end_time: call.endTime === null ? null : rfc2822(call.endTime),
    duration: duration === null ? null : String(duration),
    price: null,
    price_unit: 'USD',
    direction: 'outbound-api',
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    annotation: null,
    date_created: rfc2822(call.dateCreated),
    date_updated: rfc2822(call.dateUpdated),
    uri: `${base}.json`,
    subresource_uris: {
      notifications: `${base}/Notifications.json`,
      recordings: `${base}/Recordings.json`,
      events: `${base}/Events.json`,
    },
  };
}

const NEXT_STATUS: Partial<Record<CallStatus, CallStatus>> = {
  queued: 'ringing',
  initiated: 'ringing',
  ringing: 'in-progress',
  'in-progress': 'completed',
};

/**
 * Moves a call along queued → ringing → in-progress → completed, or to a given status (e.g.
 * busy, no-answer, failed) as the far end would. Returns false for a call already final.
 */
export function advanceCallStatus(call: SimulatedCall, target?: CallStatus): boolean {
  if (FINAL_STATUSES.includes(call.status)) return false;
  const next = target ?? NEXT_STATUS[call.status];
  if (next === undefined) return false;
  const now = new Date();
  if (next === 'in-progress') call.startTime = now;
  if (FINAL_STATUSES.includes(next)) call.endTime = now;
  call.status = next;
  call.dateUpdated = now;
  return true;
}

/**
 * A call that exists only to be reported: the subject of a status callback the simulator sends
 * on demand (a completed one lasted 42 s). 555 numbers are fiction.
 */
export function sampleCall(
  accountSid: string,
  status: CallStatus,
  statusCallback: string,
): SimulatedCall {
  const now = new Date();
  const started = status === 'in-progress' || FINAL_STATUSES.includes(status);
  return {
    sid: callSid(),
    accountSid,
    to: '+15550001111',
    from: '+15550002222',
    status,
    url: null,
    twiml: null,
    applicationSid: null,
    statusCallback,
    statusCallbackEvents: [],
    statusCallbackMethod: 'POST',
    dateCreated: now,
    dateUpdated: now,
    startTime: started ? new Date(now.getTime() - 42_000) : null,
    endTime: status === 'completed' ? now : null,
    sequence: 0,
  };
}
