import { hmacHex } from '../../http/signing';

export type WhatsAppDeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusWebhookInput {
  messageId: string;
  status: WhatsAppDeliveryStatus;
  /** Default: the number the message was sent to, or "15550001111". */
  recipientId?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** For `failed`: the asynchronous errors, e.g. `{ code: 131026, title: 'Message undeliverable' }`. */
  errors?: Array<{ code: number; title: string; message?: string; details?: string }>;
}

export interface WebhookAccount {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

/** `X-Hub-Signature-256` value: `sha256=` + hex HMAC-SHA256 of the raw body, keyed with the App Secret. */
export function signWhatsAppBody(appSecret: string, body: string | Buffer): string {
  return `sha256=${hmacHex('sha256', appSecret, body)}`;
}

/** The status notification Meta posts (webhooks reference, messages/status), serialized. */
export function buildStatusWebhook(account: WebhookAccount, input: StatusWebhookInput): string {
  const status: Record<string, unknown> = {
    id: input.messageId,
    status: input.status,
    timestamp: String(input.timestamp ?? Math.floor(Date.now() / 1000)),
    recipient_id: input.recipientId ?? '15550001111',
  };
  if (input.status !== 'failed') {
    status.conversation = {
      id: `conv_${input.messageId.slice(-12)}`,
      origin: { type: 'utility' },
      expiration_timestamp: String(Math.floor(Date.now() / 1000) + 86_400),
    };
    status.pricing = { billable: true, pricing_model: 'CBP', category: 'utility' };
  }
  if (input.errors !== undefined) {
    status.errors = input.errors.map((error) => ({
      code: error.code,
      title: error.title,
      message: error.message ?? error.title,
      error_data: { details: error.details ?? error.title },
    }));
  }
  return notification(account, { statuses: [status] });
}

/** An inbound customer message, as Meta posts it to the business (messages webhook). */
export interface InboundMessageInput {
  /** The customer's number (wa_id), E.164 digits; default "15550001111". */
  from?: string;
  /** The text the customer wrote; default "Hello". */
  text?: string;
  /** The customer's WhatsApp profile name; default "Sandbox Customer". */
  profileName?: string;
  /** Default: a fresh wamid. */
  messageId?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** The business message this one replies to. */
  contextMessageId?: string;
}

/** The inbound message a notification carries, as the simulator recorded it. */
export interface InboundWhatsAppMessage {
  id: string;
  from: string;
  text: string;
  profileName: string;
  timestamp: number;
}

/** Fills in an inbound message's defaults (the simulator records what it delivers). */
export function inboundMessage(
  input: InboundMessageInput,
  newId: () => string,
): InboundWhatsAppMessage {
  return {
    id: input.messageId ?? newId(),
    from: input.from ?? '15550001111',
    text: input.text ?? 'Hello',
    profileName: input.profileName ?? 'Sandbox Customer',
    timestamp: input.timestamp ?? Math.floor(Date.now() / 1000),
  };
}

/** The notification of an inbound text message (webhooks reference, messages), serialized. */
export function buildInboundMessageWebhook(
  account: WebhookAccount,
  message: InboundWhatsAppMessage,
  contextMessageId?: string,
): string {
  return notification(account, {
    contacts: [{ profile: { name: message.profileName }, wa_id: message.from }],
    messages: [
      {
        from: message.from,
        id: message.id,
        timestamp: String(message.timestamp),
        type: 'text',
        text: { body: message.text },
        ...(contextMessageId !== undefined && {
          context: { from: account.displayPhoneNumber, id: contextMessageId },
        }),
      },
    ],
  });
}

/** The envelope every messages notification shares, around its `value` fields. */
function notification(account: WebhookAccount, value: Record<string, unknown>): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: account.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: account.displayPhoneNumber,
                phone_number_id: account.phoneNumberId,
              },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

/** Query string of the GET verification handshake Meta sends when a webhook is subscribed. */
export function buildVerificationQuery(
  verifyToken: string,
  challenge: string,
  mode = 'subscribe',
): string {
  return new URLSearchParams({
    'hub.mode': mode,
    'hub.verify_token': verifyToken,
    'hub.challenge': challenge,
  }).toString();
}
