import { defineOperation, personal, z } from '@dealix/connector-core';
import { messageId, recipientNumber, sentMessageOutput } from '../messageSchemas';
import { replyContext, sendMessage } from '../sendMessage';
import type { WhatsAppOperationContext } from '../whatsAppConfig';

/** A text parameter of a template component: it fills one {{n}} placeholder, in order. */
const textParameter = personal(z.string().min(1).max(1024));

export const sendTemplateInput = z.object({
  to: recipientNumber,
  /** The template's name as approved in WhatsApp Manager. */
  template: z
    .string()
    .max(512)
    .regex(/^[a-z0-9_]+$/, 'must be a template name: lower-case letters, digits and _'),
  /** The approved translation to send, such as en_US or ar. */
  language: z
    .string()
    .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a template language code such as en_US or ar'),
  header_parameters: z.array(textParameter).max(1).optional(),
  body_parameters: z.array(textParameter).max(100).optional(),
  reply_to: messageId.optional(),
});

type TemplateInput = z.output<typeof sendTemplateInput>;

/** The template's components, one per part that has parameters (text parameters only). */
function components(input: TemplateInput): Array<Record<string, unknown>> {
  const parts: Array<[string, string[] | undefined]> = [
    ['header', input.header_parameters],
    ['body', input.body_parameters],
  ];
  return parts
    .filter(([, values]) => values !== undefined && values.length > 0)
    .map(([type, values]) => ({
      type,
      parameters: values!.map((text) => ({ type: 'text', text })),
    }));
}

/**
 * A pre-approved template, the only message Meta delivers outside the 24-hour window. The
 * language policy is "deterministic": the translation asked for, never a fallback.
 */
export const sendTemplate = defineOperation({
  input: sendTemplateInput,
  output: sentMessageOutput,
  run: (input, ctx: WhatsAppOperationContext) => {
    const parts = components(input);
    return sendMessage(ctx, {
      to: input.to,
      type: 'template',
      template: {
        name: input.template,
        language: { code: input.language, policy: 'deterministic' },
        ...(parts.length > 0 && { components: parts }),
      },
      ...replyContext(input.reply_to),
    });
  },
});
