import {
  isDlxError,
  vendorRequest,
  z,
  type HealthContext,
  type HealthResult,
} from '@dealix/connector-core';
import { accountPath, twilioApi } from './twilioApi';
import type { VoiceConfig, VoiceState } from './voiceConfig';

const account = z.object({ sid: z.string(), status: z.string() });

/**
 * GET /2010-04-01/Accounts/{AccountSid}.json: the cheapest authenticated read Twilio has, under
 * the runtime's short probe timeout. A suspended or closed account cannot place calls.
 */
export async function checkVoiceHealth(
  ctx: HealthContext<VoiceConfig, VoiceState>,
): Promise<HealthResult> {
  try {
    const answer = await vendorRequest(ctx, {
      ...twilioApi(ctx),
      url: `${accountPath(ctx)}.json`,
      schema: account,
    });
    return answer.status === 'active'
      ? { status: 'ok' }
      : { status: 'error', detail: `the Twilio account is ${answer.status}` };
  } catch (error) {
    if (!isDlxError(error)) throw error;
    // Refused credentials need a person; a busy or briefly unreachable Twilio only degrades us.
    const status = error.kind === 'auth' || error.kind === 'egress_denied' ? 'error' : 'degraded';
    return { status, detail: `account read failed: ${error.code}` };
  }
}
