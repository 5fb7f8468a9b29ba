import { personal, z } from '@dealix/connector-core';

// What each WhatsApp webhook event this connector accepts carries (webhooks.ts builds them).
// The customer's number, name and words are personal: the audit copy masks them, the outbox
// keeps them for consumers. The gate diffs schemas/webhooks/<event>.json.

/** A status change of a message the business sent (sent, delivered, read, failed). */
const statusEvent = z.object({
  message_id: z.string(),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  /** The customer the message went to. */
  recipient_id: personal(z.string()),
  /** When Meta recorded the status (ISO 8601). */
  timestamp: z.string(),
  conversation_id: z.string().optional(),
  /** What opened the conversation: marketing, utility, authentication, service... */
  conversation_origin: z.string().optional(),
  pricing_category: z.string().optional(),
  billable: z.boolean().optional(),
  /** Why a message failed, by Graph code (131026 undeliverable, 131047 window closed...). */
  errors: z.array(z.object({ code: z.number().int(), title: z.string() })).optional(),
});

/** A message a customer sent to the business number. */
const receivedEvent = z.object({
  message_id: z.string(),
  from: personal(z.string()),
  profile_name: personal(z.string()).optional(),
  /** text, image, audio, document, video, sticker, location, button, interactive... */
  type: z.string(),
  text: personal(z.string()).optional(),
  /** The media object's id (image, audio, document, video, sticker), to download it. */
  media_id: z.string().optional(),
  /** The business message the customer replied to. */
  reply_to: z.string().optional(),
  timestamp: z.string(),
});

export const WHATSAPP_WEBHOOK_EVENT_SCHEMAS = {
  message_sent: statusEvent,
  message_delivered: statusEvent,
  message_read: statusEvent,
  message_failed: statusEvent,
  message_received: receivedEvent,
};
