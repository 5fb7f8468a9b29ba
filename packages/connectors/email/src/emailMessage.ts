import { personal, z } from '@dealix/connector-core';

/** Per attachment, and all of a message's attachments together (decoded bytes). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_BYTES = 20 * 1024 * 1024;

/** Headers the connector writes itself (or the server does): a caller may not set them. */
const RESERVED_HEADERS = new Set([
  'from',
  'sender',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'return-path',
  'received',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'dkim-signature',
]);

const address = personal(z.email().max(320));

const attachment = z.object({
  /** Shown to the recipient; no path, no line breaks. */
  filename: personal(
    z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^\\/\r\n\0]+$/, 'must be a file name without path separators or line breaks'),
  ),
  content_base64: personal(z.base64()),
  content_type: z
    .string()
    .max(255)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type such as application/pdf')
    .optional(),
});

const headerName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9-]{0,75}$/, 'must be a header field name such as X-Campaign')
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), {
    message: 'is set by the connector (From, To, Subject, Message-ID...) and cannot be given',
  });
// A line break in a value would start a header of the caller's choosing (header injection).
const headerValue = personal(
  z
    .string()
    .max(998)
    .regex(/^[^\r\n]*$/, 'must be one line'),
);

export const sendEmailInput = z
  .object({
    to: z.array(address).min(1).max(100),
    cc: z.array(address).max(100).optional(),
    bcc: z.array(address).max(100).optional(),
    subject: personal(
      z
        .string()
        .min(1)
        .max(998)
        .regex(/^[^\r\n]*$/, 'must be one line'),
    ),
    text: personal(z.string().min(1).max(1_000_000)).optional(),
    html: personal(z.string().min(1).max(2_000_000)).optional(),
    reply_to: address.optional(),
    headers: z.record(headerName, headerValue).optional(),
    attachments: z.array(attachment).max(10).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.text === undefined && input.html === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'give text, html or both' });
    }
    const recipients = input.to.length + (input.cc?.length ?? 0) + (input.bcc?.length ?? 0);
    if (recipients > 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `${recipients} recipients in all; at most 100 (to, cc and bcc together)`,
      });
    }
    let total = 0;
    (input.attachments ?? []).forEach((file, index) => {
      const bytes = Buffer.byteLength(file.content_base64, 'base64');
      total += bytes;
      if (bytes > MAX_ATTACHMENT_BYTES) {
        ctx.addIssue({
          code: 'custom',
          path: ['attachments', index, 'content_base64'],
          message: `is ${bytes} bytes; an attachment may have at most ${MAX_ATTACHMENT_BYTES}`,
        });
      }
    });
    if (total > MAX_ATTACHMENTS_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['attachments'],
        message: `hold ${total} bytes in all; at most ${MAX_ATTACHMENTS_BYTES}`,
      });
    }
  });

export type SendEmailInput = z.output<typeof sendEmailInput>;

export const sendEmailOutput = z.object({
  /** The Message-ID header of the message, e.g. <…@example.com>: what replies refer to. */
  message_id: z.string(),
  /** Recipients the server accepted (to, cc and bcc). */
  accepted: z.array(personal(z.string())),
  /** Recipients the server refused while others were accepted: they got nothing. */
  rejected: z.array(personal(z.string())),
  /** The server's last reply, such as "250 OK: queued as 4F2A1": its queue id, for tracing. */
  response: z.string(),
});

export type SentEmail = z.output<typeof sendEmailOutput>;
