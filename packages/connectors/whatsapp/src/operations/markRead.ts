import { defineOperation, vendorRequest, z } from '@dealix/connector-core';
import { graphApi, messagesPath } from '../graphApi';
import { messageId } from '../messageSchemas';
import type { WhatsAppOperationContext } from '../whatsAppConfig';

export const markReadInput = z.object({
  /** The id of a message the customer sent (from a message_received event). */
  message_id: messageId,
});

export const markReadOutput = z.object({
  message_id: z.string(),
  marked_read: z.literal(true),
});

const readAnswer = z.object({ success: z.literal(true) });

/** POST {messaging_product, status: "read", message_id} to the number's messages edge. */
export const markRead = defineOperation({
  input: markReadInput,
  output: markReadOutput,
  run: async (input, ctx: WhatsAppOperationContext) => {
    await vendorRequest(ctx, {
      ...graphApi(ctx),
      method: 'POST',
      url: messagesPath(ctx),
      json: { messaging_product: 'whatsapp', status: 'read', message_id: input.message_id },
      schema: readAnswer,
    });
    return { message_id: input.message_id, marked_read: true as const };
  },
});
