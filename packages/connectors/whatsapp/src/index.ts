import { defineConnector } from '@dealix/connector-core';
import { checkWhatsAppHealth } from './healthCheck';
import { markRead } from './operations/markRead';
import { sendTemplate } from './operations/sendTemplate';
import { sendText } from './operations/sendText';
import { WHATSAPP_WEBHOOK_EVENT_SCHEMAS } from './webhookEventSchemas';
import { verifyWhatsAppWebhook } from './webhooks';
import { whatsAppConfig, type WhatsAppState } from './whatsAppConfig';

/**
 * The WhatsApp Cloud API connector plugin (key `whatsapp`): text and template messages and
 * read receipts through Graph, and Meta's signed webhooks (message statuses linked to their
 * send, inbound customer messages) into the outbox.
 */
export const connector = defineConnector({
  key: 'whatsapp',
  config: whatsAppConfig,
  // Graph has no idempotency key: the manifest marks the sends `idempotent: false`.
  http: {
    requestIdHeaders: ['x-fb-trace-id'],
    sensitiveHeaders: ['x-hub-signature-256'],
  },
  initialize: async (): Promise<WhatsAppState> => undefined,
  operations: {
    send_text: sendText,
    send_template: sendTemplate,
    mark_read: markRead,
  },
  healthCheck: checkWhatsAppHealth,
  verifyWebhook: verifyWhatsAppWebhook,
  webhookEvents: WHATSAPP_WEBHOOK_EVENT_SCHEMAS,
});

export type { WhatsAppConfig } from './whatsAppConfig';
export { MESSAGE_RECEIVED, WHATSAPP_STATUS_EVENTS } from './webhookNotifications';
