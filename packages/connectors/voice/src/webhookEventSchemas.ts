import { personal, z } from '@dealix/connector-core';
import { callSid, callStatus } from './callSchemas';

// What each call status event carries (webhooks.ts builds them from Twilio's status callback):
// the call, its status and numbers, no TwiML. The runtime redacts the audit copy through this
// schema (the called number is masked) and the gate diffs schemas/webhooks/<event>.json.
const callStatusEvent = z.object({
  call_sid: callSid,
  call_status: callStatus,
  to: personal(z.string()),
  from: z.string(),
  direction: z.string(),
  /** Twilio's SequenceNumber: the order of this call's callbacks. */
  sequence_number: z.number().int().nonnegative().nullable(),
  /** Seconds the call lasted, on the final callback of an answered call. */
  duration_seconds: z.number().int().nonnegative().optional(),
});

export const VOICE_WEBHOOK_EVENT_SCHEMAS = {
  call_initiated: callStatusEvent,
  call_ringing: callStatusEvent,
  call_answered: callStatusEvent,
  call_finished: callStatusEvent,
};
