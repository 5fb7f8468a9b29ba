import { defineOperation, personal, z } from '@dealix/connector-core';
import { messageId, recipientNumber, sentMessageOutput } from '../messageSchemas';
import { replyContext, sendMessage } from '../sendMessage';
import type { WhatsAppOperationContext } from '../whatsAppConfig';

export const sendTextInput = z.object({
  to: recipientNumber,
  /** WhatsApp's limit for a text body is 4096 characters. */
  body: personal(z.string().min(1).max(4096)),
  /** Let WhatsApp render a preview of the first URL in the body. */
  preview_url: z.boolean().optional(),
  /** The message this one replies to (quoted on the customer's phone). */
  reply_to: messageId.optional(),
});

/**
 * A free-form text: Meta delivers it only within 24 hours of the customer's last message
 * (otherwise Graph code 131047: send a template instead).
 */
export const sendText = defineOperation({
  input: sendTextInput,
  output: sentMessageOutput,
  run: (input, ctx: WhatsAppOperationContext) =>
    sendMessage(ctx, {
      to: input.to,
      type: 'text',
      text: { body: input.body, preview_url: input.preview_url ?? false },
      ...replyContext(input.reply_to),
    }),
});
