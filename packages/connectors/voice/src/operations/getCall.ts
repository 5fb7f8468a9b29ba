import { defineOperation, vendorRequest, z } from '@dealix/connector-core';
import { callOutput, callSid, toCallOutput, twilioCallResource } from '../callSchemas';
import { callPath, twilioApi } from '../twilioApi';
import type { VoiceOperationContext } from '../voiceConfig';

export const getCallInput = z.object({ call_sid: callSid });

export const getCallOutput = callOutput;

/** GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json: the call as Twilio has it now. */
export const getCall = defineOperation({
  input: getCallInput,
  output: getCallOutput,
  run: async (input, ctx: VoiceOperationContext) =>
    toCallOutput(
      await vendorRequest(ctx, {
        ...twilioApi(ctx),
        url: callPath(ctx, input.call_sid),
        schema: twilioCallResource,
      }),
    ),
});
