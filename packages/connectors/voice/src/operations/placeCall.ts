import {
  defineOperation,
  personal,
  vendorRequest,
  withCorrelationId,
  z,
} from '@dealix/connector-core';
import { callOutput, toCallOutput, twilioCallResource } from '../callSchemas';
import { accountPath, twilioApi } from '../twilioApi';
import { E164, type VoiceOperationContext } from '../voiceConfig';

/** The status changes Twilio reports to the StatusCallback: every one this connector audits. */
export const STATUS_CALLBACK_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

export const placeCallInput = z
  .object({
    /** The number called, E.164. */
    to: personal(z.string().regex(E164, 'must be an E.164 number such as +14155550100')),
    /** The caller ID; default the tenant's from_number. */
    from: z.string().regex(E164, 'must be an E.164 number such as +14155550100').optional(),
    /** TwiML to run when the call is answered (Twilio's limit: 4,000 characters). */
    twiml: personal(z.string().min(1).max(4000)).optional(),
    /** Or a URL Twilio fetches the TwiML from. */
    url: z.url({ protocol: /^https?$/ }).optional(),
    /** Seconds to let the phone ring before giving up (Twilio: 5 to 600, default 60). */
    timeout_seconds: z.number().int().min(5).max(600).optional(),
  })
  .refine((input) => (input.twiml === undefined) !== (input.url === undefined), {
    path: ['twiml'],
    message: 'give exactly one of twiml and url',
  });

export const placeCallOutput = callOutput;

/**
 * POST /2010-04-01/Accounts/{AccountSid}/Calls.json (form). Twilio reports the call's progress
 * to the instance's public webhook URL (StatusCallback) for every status change; the call's SID
 * is recorded, and its correlation id rides on that URL, so those status events carry this
 * call's correlation id (even one that arrives before Twilio's answer). Twilio has no
 * idempotency key: the runtime never re-sends a placement that may have reached Twilio.
 */
export const placeCall = defineOperation({
  input: placeCallInput,
  output: placeCallOutput,
  run: async (input, ctx: VoiceOperationContext) => {
    const form = new URLSearchParams({
      To: input.to,
      From: input.from ?? ctx.config.from_number,
      ...(input.twiml !== undefined && { Twiml: input.twiml }),
      ...(input.url !== undefined && { Url: input.url }),
      ...(input.timeout_seconds !== undefined && { Timeout: String(input.timeout_seconds) }),
      // The call's correlation id rides on the URL Twilio signs: a status that comes before
      // Twilio's answer (before the SID is recorded below) is still linked to this call.
      StatusCallback: withCorrelationId(ctx.webhookUrl(), ctx.correlationId),
      StatusCallbackMethod: 'POST',
    });
    for (const event of STATUS_CALLBACK_EVENTS) form.append('StatusCallbackEvent', event);
    const call = await vendorRequest(ctx, {
      ...twilioApi(ctx),
      method: 'POST',
      url: `${accountPath(ctx)}/Calls.json`,
      form,
      schema: twilioCallResource,
    });
    await ctx.recordVendorObject(call.sid);
    return toCallOutput(call);
  },
  compensate: ({ output }) => ({ operation: 'end_call', input: { call_sid: output.sid } }),
});
