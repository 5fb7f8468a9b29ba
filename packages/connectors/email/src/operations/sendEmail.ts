import { defineOperation } from '@dealix/connector-core';
import type { SendMailOptions } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { EmailOperationContext } from '../emailConfig';
import {
  sendEmailInput,
  sendEmailOutput,
  type SendEmailInput,
  type SentEmail,
} from '../emailMessage';
import { smtpExchange } from '../smtpExchange';

/** Each SMTP step may take this long; the attempt's timeout (30 s) bounds the whole send. */
const SEND_TIMEOUTS = { connectMs: 10_000, idleMs: 60_000 };

/**
 * One message through the tenant's SMTP server. Partial acceptance (some recipients refused at
 * RCPT, others accepted) is a success naming the refused ones; every recipient refused is the
 * server's refusal (5yz permanent, 4yz retried); a connection lost after DATA was accepted is
 * an unknown outcome, never sent again.
 */
export const sendEmail = defineOperation({
  input: sendEmailInput,
  output: sendEmailOutput,
  run: (input, ctx: EmailOperationContext) =>
    smtpExchange(ctx, SEND_TIMEOUTS, async (transporter, io) =>
      sentEmail(
        await transporter.sendMail({
          ...message(input, ctx.config.from_address),
          signal: io.signal,
        }),
      ),
    ),
});

function message(input: SendEmailInput, from: string): SendMailOptions {
  return {
    from,
    to: input.to,
    ...(input.cc !== undefined && { cc: input.cc }),
    ...(input.bcc !== undefined && { bcc: input.bcc }),
    ...(input.reply_to !== undefined && { replyTo: input.reply_to }),
    subject: input.subject,
    ...(input.text !== undefined && { text: input.text }),
    ...(input.html !== undefined && { html: input.html }),
    ...(input.headers !== undefined && { headers: input.headers }),
    ...(input.attachments !== undefined && {
      attachments: input.attachments.map((file) => ({
        filename: file.filename,
        content: Buffer.from(file.content_base64, 'base64'),
        ...(file.content_type !== undefined && { contentType: file.content_type }),
      })),
    }),
  };
}

function sentEmail(info: SMTPTransport.SentMessageInfo): SentEmail {
  const text = (recipient: string | { address: string }) =>
    typeof recipient === 'string' ? recipient : recipient.address;
  return {
    message_id: info.messageId,
    accepted: info.accepted.map(text),
    rejected: info.rejected.map(text),
    response: info.response,
  };
}
