import { personal, z } from '@dealix/connector-core';

/** A customer's number as Graph takes it: E.164 digits, the + optional. */
export const recipientNumber = personal(
  z
    .string()
    .regex(/^\+?[1-9]\d{4,14}$/, 'must be a phone number in E.164 digits, such as +15551234567'),
);

/** A WhatsApp message id (wamid.…), checked before it goes into a body. */
export const messageId = z
  .string()
  .max(512)
  .regex(/^wamid\.[A-Za-z0-9+/=_-]+$/, 'must be a WhatsApp message id (wamid.…)');

/** Graph's answer to a send: the recipient as WhatsApp knows it, and the new message's id. */
export const sendAnswer = z.object({
  messaging_product: z.literal('whatsapp'),
  contacts: z.array(z.object({ input: z.string(), wa_id: z.string() })).min(1),
  messages: z
    .array(z.object({ id: z.string().min(1), message_status: z.string().optional() }))
    .min(1),
});

/** What a send returns: the message id status webhooks name, and whom WhatsApp sent it to. */
export const sentMessageOutput = z.object({
  message_id: z.string(),
  /** The recipient's WhatsApp id, which may differ from the number sent to. */
  recipient_wa_id: personal(z.string()),
  /** `accepted`, or `held_for_quality_assessment` / `paused` where Meta says so. */
  message_status: z.string().optional(),
});

export type SentMessage = z.output<typeof sentMessageOutput>;

/** The send's output, from Graph's answer. */
export function sentMessage(answer: z.output<typeof sendAnswer>): SentMessage {
  const [message] = answer.messages;
  const [contact] = answer.contacts;
  return {
    message_id: message!.id,
    recipient_wa_id: contact!.wa_id,
    ...(message!.message_status !== undefined && { message_status: message!.message_status }),
  };
}
