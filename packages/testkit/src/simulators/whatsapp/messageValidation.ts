import type { SimResponse } from '../../http/types';
import { invalidParameter } from './graphErrors';

export interface AcceptedMessage {
  to: string;
  type: 'text' | 'template';
  text?: { body: string; preview_url?: boolean };
  template?: { name: string; language: { code: string; policy?: string }; components?: unknown[] };
  contextMessageId?: string;
}

const TEXT_BODY_LIMIT = 4096;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a send-message body the way Graph does for the two types connectors use (text,
 * template), answering the Graph error a wrong body gets.
 */
export function validateMessage(body: unknown): AcceptedMessage | SimResponse {
  if (!isRecord(body)) return invalidParameter('The request body must be a JSON object.');
  if (body.messaging_product !== 'whatsapp') {
    return invalidParameter('The parameter messaging_product is required and must be "whatsapp".');
  }
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
    return invalidParameter('recipient_type must be "individual".');
  }
  if (typeof body.to !== 'string' || !/^\+?\d{5,15}$/.test(body.to)) {
    return invalidParameter('The parameter to must be a phone number in E.164 digits.');
  }
  const context = body.context;
  if (context !== undefined && !(isRecord(context) && typeof context.message_id === 'string')) {
    return invalidParameter('context.message_id must be a message id.');
  }
  const contextMessageId = isRecord(context) ? (context.message_id as string) : undefined;
  if (body.type === 'text') {
    const text = body.text;
    if (!isRecord(text) || typeof text.body !== 'string' || text.body.length === 0) {
      return invalidParameter('The parameter text[body] is required.');
    }
    if (text.body.length > TEXT_BODY_LIMIT) {
      return invalidParameter(`text[body] must be at most ${TEXT_BODY_LIMIT} characters.`);
    }
    if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean') {
      return invalidParameter('text[preview_url] must be a boolean.');
    }
    return {
      to: body.to,
      type: 'text',
      text: { body: text.body, preview_url: text.preview_url },
      contextMessageId,
    };
  }
  if (body.type === 'template') {
    const template = body.template;
    if (!isRecord(template) || typeof template.name !== 'string' || template.name.length === 0) {
      return invalidParameter('The parameter template[name] is required.');
    }
    const language = template.language;
    if (!isRecord(language) || typeof language.code !== 'string') {
      return invalidParameter('The parameter template[language][code] is required.');
    }
    if (template.components !== undefined && !Array.isArray(template.components)) {
      return invalidParameter('template[components] must be an array.');
    }
    return {
      to: body.to,
      type: 'template',
      template: {
        name: template.name,
        language: {
          code: language.code,
          policy: typeof language.policy === 'string' ? language.policy : undefined,
        },
        components: template.components as unknown[] | undefined,
      },
      contextMessageId,
    };
  }
  return invalidParameter(
    `Unsupported message type: ${String(body.type)}. The simulator accepts text and template.`,
  );
}

/**
 * Checks a mark-as-read body (`{messaging_product, status: "read", message_id}`), answering the
 * Graph error a wrong body gets; the message id itself is checked by the simulator.
 */
export function validateReadReceipt(body: Record<string, unknown>): string | SimResponse {
  if (body.messaging_product !== 'whatsapp') {
    return invalidParameter('The parameter messaging_product is required and must be "whatsapp".');
  }
  if (body.status !== 'read') {
    return invalidParameter('The parameter status must be "read".');
  }
  if (typeof body.message_id !== 'string' || body.message_id === '') {
    return invalidParameter('The parameter message_id is required.');
  }
  return body.message_id;
}

/** Whether a messages body marks a message read instead of sending one. */
export function isReadReceipt(body: unknown): body is Record<string, unknown> {
  return isRecord(body) && body.status !== undefined && body.type === undefined;
}
