import { defineOperation, isDlxError, vendorRequest, z } from '@dealix/connector-core';
import {
  callOutput,
  callSid,
  FINAL_STATUSES,
  toCallOutput,
  twilioCallResource,
  type CallOutput,
} from '../callSchemas';
import { callPath, twilioApi } from '../twilioApi';
import type { VoiceOperationContext } from '../voiceConfig';

export const endCallInput = z.object({ call_sid: callSid });

export const endCallOutput = z.object({
  /** What ending the call took: a cancel, a hang-up, or nothing (it had ended already). */
  action: z.enum(['canceled', 'completed', 'already_ended']),
  call: callOutput,
});
export type EndCallOutput = z.output<typeof endCallOutput>;

/** Twilio's answer when the call's status does not allow the update (it moved on meanwhile). */
const NOT_IN_THAT_STATE = '21220';

/**
 * Reads the call, then ends it as Twilio requires: `Status=canceled` while it is queued or
 * ringing (the phone stops ringing), `Status=completed` once it is in progress (hang-up). A
 * call that has ended already is left alone, so sending this again changes nothing. If the call
 * moved on between the read and the update (answered while being canceled), it is read again
 * and ended the right way, once.
 */
export const endCall = defineOperation({
  input: endCallInput,
  output: endCallOutput,
  run: async (input, ctx: VoiceOperationContext): Promise<EndCallOutput> => {
    const path = callPath(ctx, input.call_sid);
    const read = async (): Promise<CallOutput> =>
      toCallOutput(
        await vendorRequest(ctx, { ...twilioApi(ctx), url: path, schema: twilioCallResource }),
      );
    let call = await read();
    for (let round = 0; ; round++) {
      if (FINAL_STATUSES.includes(call.status)) return { action: 'already_ended', call };
      const status = call.status === 'in-progress' ? 'completed' : 'canceled';
      try {
        const updated = await vendorRequest(ctx, {
          ...twilioApi(ctx),
          method: 'POST',
          url: path,
          form: { Status: status },
          schema: twilioCallResource,
        });
        return { action: status, call: toCallOutput(updated) };
      } catch (error) {
        if (round > 0 || !isDlxError(error) || error.vendorCode !== NOT_IN_THAT_STATE) throw error;
        call = await read();
      }
    }
  },
});
