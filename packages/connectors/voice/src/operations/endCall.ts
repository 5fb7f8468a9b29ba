import { DlxError, defineOperation, isDlxError, vendorRequest, z } from '@dealix/connector-core';
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
  /**
   * How the call ended: `canceled` before it was answered (it stopped ringing), `completed`
   * hung up once answered, `already_ended` it had ended before (nothing was changed).
   */
  action: z.enum(['canceled', 'completed', 'already_ended']),
  call: callOutput,
});
export type EndCallOutput = z.output<typeof endCallOutput>;

/** Twilio's "invalid call state": the simulator's answer for updating a call that has ended. */
const INVALID_CALL_STATE = '21220';

/**
 * Reads the call and, unless it has ended already, sends `Status=completed`: Twilio documents
 * that it hangs up a call "even if it's already in progress" and stops a queued or ringing one,
 * whereas `Status=canceled` answers 200 and leaves an answered call up. So a call answered
 * between the read and the update is still ended. Success is reported only when Twilio's answer
 * shows the call ended; otherwise the error is transient and the runtime repeats end_call (it is
 * idempotent). A call that ended by itself meanwhile (the update refused with 21220) is read
 * again and reported as already ended.
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
    const before = await read();
    if (FINAL_STATUSES.includes(before.status)) return { action: 'already_ended', call: before };
    let call: CallOutput;
    try {
      call = toCallOutput(
        await vendorRequest(ctx, {
          ...twilioApi(ctx),
          method: 'POST',
          url: path,
          form: { Status: 'completed' },
          schema: twilioCallResource,
        }),
      );
    } catch (error) {
      if (!isDlxError(error) || error.vendorCode !== INVALID_CALL_STATE) throw error;
      const now = await read();
      if (FINAL_STATUSES.includes(now.status)) return { action: 'already_ended', call: now };
      throw error;
    }
    if (!FINAL_STATUSES.includes(call.status)) {
      throw new DlxError(
        'DLX_E_VENDOR_TRANSIENT',
        `twilio: Status=completed answered call ${call.sid} ${call.status}; it has not ended`,
        {
          mayHaveReachedVendor: true,
          vendorStatus: 200,
          details: { call_sid: call.sid, status: call.status },
        },
      );
    }
    const action =
      call.status === 'completed' || call.status === 'canceled' ? call.status : 'already_ended';
    return { action, call };
  },
});
