import { vendorRequest } from '@dealix/connector-core';
import { graphApi, messagesPath } from './graphApi';
import { sendAnswer, sentMessage, type SentMessage } from './messageSchemas';
import type { WhatsAppOperationContext } from './whatsAppConfig';

/**
 * POSTs one message body to the number's messages edge and records the new message's id, so
 * the status webhooks Meta sends about it (sent, delivered, read, failed) carry this call's
 * correlation id. The link is stored before the call returns, ahead of the first status.
 */
export async function sendMessage(
  ctx: WhatsAppOperationContext,
  body: Record<string, unknown>,
): Promise<SentMessage> {
  const answer = await vendorRequest(ctx, {
    ...graphApi(ctx),
    method: 'POST',
    url: messagesPath(ctx),
    json: { messaging_product: 'whatsapp', recipient_type: 'individual', ...body },
    schema: sendAnswer,
  });
  const sent = sentMessage(answer);
  await ctx.recordVendorObject(sent.message_id);
  return sent;
}

/** The `context` of a reply to an earlier message, when there is one. */
export function replyContext(replyTo: string | undefined): Record<string, unknown> {
  return replyTo === undefined ? {} : { context: { message_id: replyTo } };
}
