import { createTransport } from 'nodemailer';
import {
  defineConnector,
  defineOperation,
  personal,
  secret,
  smtpFailure,
  smtpReachLogger,
  validateManifest,
  z,
  type ConnectorContext,
  type ConnectorManifest,
  type OperationContext,
} from '@dealix/connector-core';
import type { ConnectorHarnessOptions } from '@dealix/connector-core/testing';
import { createSmtpSimulator, type SmtpSimulator } from '../../simulators/smtp/smtpSimulator';

// An SMTP connector written the kit's way: nodemailer opens no socket itself (core's
// io.connect() does, to a checked host), the attempt's abort closes it, and smtpFailure plus
// the 354 marker decide whether a lost send may have gone out.
const config = z.object({
  host: z.string().min(1),
  port: z.number().int(),
  username: z.string().min(1),
  password: secret(z.string().min(1)),
  from_address: z.string(),
});
type Config = z.output<typeof config>;
type Ctx = OperationContext<Config, undefined>;

const message = z.object({
  to: personal(z.string()),
  subject: z.string(),
  text: z.string(),
});

function send(ctx: ConnectorContext<Config>, host: string, mail: z.output<typeof message>) {
  return ctx.transport.exchange(
    { library: 'nodemailer', host, port: ctx.config.port },
    async (io) => {
      const transporter = createTransport({
        host,
        port: ctx.config.port,
        secure: false,
        ignoreTLS: true,
        auth: { user: ctx.config.username, pass: ctx.config.password },
        getSocket: (_options, callback) => {
          io.connect().then(
            (connection) => callback(null, { connection }),
            (error: Error) => callback(error, false),
          );
        },
        transactionLog: true,
        logger: smtpReachLogger(io),
      });
      io.onAbort(() => transporter.close());
      try {
        const info = await transporter.sendMail({ from: ctx.config.from_address, ...mail });
        return { message_id: info.messageId };
      } finally {
        transporter.close();
      }
    },
    { classify: smtpFailure, reached: 'marked' },
  );
}

export const mailerConnector = defineConnector({
  key: 'mailer',
  config,
  operations: {
    send_email: defineOperation({
      input: message,
      output: z.object({ message_id: z.string() }),
      run: (input, ctx: Ctx) => send(ctx, ctx.config.host, input),
    }),
    // A buggy operation: it sends through a host it took from its input.
    send_via: defineOperation({
      input: message.extend({ host: z.string(), library: z.string().default('nodemailer') }),
      output: z.object({ message_id: z.string() }),
      run: ({ host, library, ...mail }, ctx: Ctx) =>
        library === 'nodemailer'
          ? send(ctx, host, mail)
          : ctx.transport.exchange({ library, host, port: ctx.config.port }, async () => ({
              message_id: 'never',
            })),
    }),
  },
  healthCheck: async () => ({ status: 'ok' }),
});

export const mailerManifest = ((): ConnectorManifest => {
  const write = (success: string, failure: string) => ({
    kind: 'write',
    description: 'Sends an email.',
    audit_events: { success, failure },
    compensation: 'none',
    compensation_note: 'A sent email cannot be recalled.',
  });
  const result = validateManifest({
    manifest_version: 1,
    connector_key: 'mailer',
    display_name: 'Mailer (test)',
    display_name_ar: 'البريد',
    contract_url: 'https://nodemailer.com/smtp/',
    owners: ['platform-team'],
    approval_policy: 'auto',
    data_classification: 'confidential',
    idempotent: false,
    retry_max: 1,
    retry_backoff_ms: [100],
    timeout_ms: 30_000,
    audit_events: ['email_sent', 'email_failed', 'email_via_sent', 'email_via_failed'],
    allowed_hosts: ['${config.host}'],
    operations: {
      send_email: write('email_sent', 'email_failed'),
      send_via: write('email_via_sent', 'email_via_failed'),
    },
    config: {
      host: {
        type: 'string',
        required: true,
        description: 'SMTP host.',
        host_pattern: '${tenant}',
      },
      port: { type: 'number', required: true, description: 'SMTP port.' },
      username: { type: 'string', required: true, description: 'SMTP user.' },
      password: { type: 'secret', required: true, description: 'SMTP password.' },
      from_address: { type: 'string', required: true, description: 'Sender.' },
    },
    direct_transports: [{ library: 'nodemailer', reason: 'SMTP has no HTTP API' }],
  });
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.manifest;
})();

/** The mailer against a fresh SMTP simulator; the operator lists 127.0.0.1 for the tenant. */
export function mailerHarness(
  overrides: Partial<ConnectorHarnessOptions<SmtpSimulator>> = {},
): ConnectorHarnessOptions<SmtpSimulator> {
  return {
    plugin: mailerConnector,
    manifest: mailerManifest,
    allowLoopback: false,
    egress: ['127.0.0.1'],
    startSimulator: async () => {
      const sim = createSmtpSimulator({ pass: 'smtp_KIT_password_0077' });
      await sim.start();
      return {
        simulator: sim,
        config: {
          host: sim.host,
          port: sim.port,
          username: sim.user,
          password: sim.pass,
          from_address: 'Dealix <noreply@dealix.test>',
        },
        stop: () => sim.stop(),
      };
    },
    ...overrides,
  };
}
