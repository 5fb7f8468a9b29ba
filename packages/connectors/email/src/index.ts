import { defineConnector } from '@dealix/connector-core';
import { emailConfig, type EmailState } from './emailConfig';
import { checkEmailHealth } from './healthCheck';
import { sendEmail } from './operations/sendEmail';

/**
 * The email connector plugin (key `email`): messages through the tenant's own SMTP server,
 * with nodemailer (the manifest's one direct transport) over core's governed connection.
 */
export const connector = defineConnector({
  key: 'email',
  config: emailConfig,
  initialize: async (): Promise<EmailState> => undefined,
  operations: {
    send_email: sendEmail,
  },
  healthCheck: checkEmailHealth,
});

export type { EmailConfig } from './emailConfig';
export { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_BYTES } from './emailMessage';
