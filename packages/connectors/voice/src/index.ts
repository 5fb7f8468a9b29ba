import { defineConnector } from '@dealix/connector-core';
import { checkVoiceHealth } from './healthCheck';
import { endCall } from './operations/endCall';
import { getCall } from './operations/getCall';
import { placeCall } from './operations/placeCall';
import { voiceConfig, type VoiceState } from './voiceConfig';
import { VOICE_WEBHOOK_EVENT_SCHEMAS } from './webhookEventSchemas';
import { verifyVoiceWebhook } from './webhooks';

/**
 * The Twilio Voice connector plugin (key `voice`): places outbound calls, reads them and ends
 * them under governance; Twilio's status callbacks become audit events linked to the call.
 */
export const connector = defineConnector({
  key: 'voice',
  config: voiceConfig,
  http: {
    // Twilio has no idempotency key: the manifest marks place_call not idempotent.
    requestIdHeaders: ['twilio-request-id'],
    sensitiveHeaders: ['x-twilio-signature'],
  },
  initialize: async (): Promise<VoiceState> => undefined,
  operations: {
    place_call: placeCall,
    get_call: getCall,
    end_call: endCall,
  },
  healthCheck: checkVoiceHealth,
  verifyWebhook: verifyVoiceWebhook,
  webhookEvents: VOICE_WEBHOOK_EVENT_SCHEMAS,
});

export type { VoiceConfig } from './voiceConfig';
export { STATUS_CALLBACK_EVENTS } from './operations/placeCall';
export { VOICE_WEBHOOK_EVENTS } from './webhooks';
