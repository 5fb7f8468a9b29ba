import { derivedEventId, z, type WebhookEvent } from '@dealix/connector-core';
import { zodIssueText } from '@dealix/connector-core';

/** The manifest event each message status becomes; other statuses produce none. */
export const WHATSAPP_STATUS_EVENTS = {
  sent: 'message_sent',
  delivered: 'message_delivered',
  read: 'message_read',
  failed: 'message_failed',
} as const;

/** The event an inbound customer message becomes. */
export const MESSAGE_RECEIVED = 'message_received';

const unixSeconds = z.string().regex(/^\d{1,12}$/);

const status = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: unixSeconds,
  recipient_id: z.string(),
  conversation: z
    .object({ id: z.string(), origin: z.object({ type: z.string() }).optional() })
    .optional(),
  pricing: z
    .object({ billable: z.boolean().optional(), category: z.string().optional() })
    .optional(),
  errors: z.array(z.object({ code: z.number().int(), title: z.string().optional() })).optional(),
});

const media = z.object({ id: z.string() });

const message = z.object({
  from: z.string(),
  id: z.string().min(1),
  timestamp: unixSeconds,
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  context: z.object({ id: z.string().optional() }).optional(),
  image: media.optional(),
  audio: media.optional(),
  document: media.optional(),
  video: media.optional(),
  sticker: media.optional(),
});

const messagesValue = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({ phone_number_id: z.string() }),
  contacts: z
    .array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string() }).optional() }))
    .optional(),
  statuses: z.array(status).optional(),
  messages: z.array(message).optional(),
});

const envelope = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});

type MessagesValue = z.output<typeof messagesValue>;

/** The `messages` changes of a notification, or why it is not one Meta sends. */
export function parseNotification(body: unknown): MessagesValue[] | string {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) {
    return `the signed body is not a WhatsApp Business Account notification: ${zodIssueText(parsed.error.issues)}`;
  }
  const values: MessagesValue[] = [];
  for (const change of parsed.data.entry.flatMap((entry) => entry.changes)) {
    // Template reviews, quality and account updates arrive on the same URL: not ours to audit.
    if (change.field !== 'messages') continue;
    const value = messagesValue.safeParse(change.value);
    if (!value.success) {
      return `a messages change is not as documented: ${zodIssueText(value.error.issues)}`;
    }
    values.push(value.data);
  }
  return values;
}

/**
 * The events of the changes for this tenant's phone number (one app's webhook receives every
 * number of its business accounts; another number's changes belong to another config).
 */
export function notificationEvents(values: MessagesValue[], phoneNumberId: string): WebhookEvent[] {
  return values
    .filter((value) => value.metadata.phone_number_id === phoneNumberId)
    .flatMap((value) => [
      ...(value.statuses ?? []).flatMap(statusEvent),
      ...(value.messages ?? []).map((m) => receivedEvent(m, value.contacts ?? [])),
    ]);
}

const isoTime = (seconds: string) => new Date(Number(seconds) * 1000).toISOString();

function statusEvent(s: z.output<typeof status>): WebhookEvent[] {
  const type = Object.hasOwn(WHATSAPP_STATUS_EVENTS, s.status)
    ? WHATSAPP_STATUS_EVENTS[s.status as keyof typeof WHATSAPP_STATUS_EVENTS]
    : undefined;
  if (type === undefined) return [];
  const occurredAt = isoTime(s.timestamp);
  return [
    {
      // Meta sends no event id: the message and its status name the event.
      id: derivedEventId('whatsapp-status', s.id, s.status),
      type,
      occurredAt,
      objectId: s.id,
      payload: {
        message_id: s.id,
        status: s.status,
        recipient_id: s.recipient_id,
        timestamp: occurredAt,
        ...(s.conversation !== undefined && { conversation_id: s.conversation.id }),
        ...(s.conversation?.origin !== undefined && {
          conversation_origin: s.conversation.origin.type,
        }),
        ...(s.pricing?.category !== undefined && { pricing_category: s.pricing.category }),
        ...(s.pricing?.billable !== undefined && { billable: s.pricing.billable }),
        ...(s.errors !== undefined && {
          errors: s.errors.map((e) => ({ code: e.code, title: e.title ?? '' })),
        }),
      },
    },
  ];
}

function receivedEvent(
  m: z.output<typeof message>,
  contacts: ReadonlyArray<{ wa_id: string; profile?: { name: string } | undefined }>,
): WebhookEvent {
  const occurredAt = isoTime(m.timestamp);
  const name = contacts.find((c) => c.wa_id === m.from)?.profile?.name;
  const mediaId = (m.image ?? m.audio ?? m.document ?? m.video ?? m.sticker)?.id;
  const replyTo = m.context?.id;
  return {
    id: m.id,
    type: MESSAGE_RECEIVED,
    occurredAt,
    // A reply names the business message it answers: it joins that send's correlation.
    ...(replyTo !== undefined && { objectId: replyTo }),
    payload: {
      message_id: m.id,
      from: m.from,
      ...(name !== undefined && { profile_name: name }),
      type: m.type,
      ...(m.text !== undefined && { text: m.text.body }),
      ...(mediaId !== undefined && { media_id: mediaId }),
      ...(replyTo !== undefined && { reply_to: replyTo }),
      timestamp: occurredAt,
    },
  };
}
