import {
  isLoopbackHost,
  smtpFailure,
  smtpReachLogger,
  type ConnectorContext,
  type DirectIo,
} from '@dealix/connector-core';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { EmailConfig } from './emailConfig';

/** The library the manifest declares in direct_transports. */
export const SMTP_LIBRARY = 'nodemailer';

/** How long nodemailer waits for each step; the attempt's own timeout bounds the whole. */
export interface SmtpTimeouts {
  connectMs: number;
  idleMs: number;
}

/**
 * One governed SMTP exchange: ctx.transport checks the host against allowed_hosts before any
 * socket opens, opens the connection nodemailer uses, closes it when the attempt aborts, and
 * maps failures with core's smtpFailure: a reply code is a definite refusal (421/451/452 rate
 * limits, other 4xx transient, 5xx permanent, 535 auth), while a failure after the server
 * answered DATA with 354 (marked by smtpReachLogger) may have delivered the message.
 */
export function smtpExchange<T>(
  ctx: ConnectorContext<EmailConfig>,
  timeouts: SmtpTimeouts,
  run: (transporter: Transporter<SMTPTransport.SentMessageInfo>, io: DirectIo) => Promise<T>,
): Promise<T> {
  const { host, port } = ctx.config;
  return ctx.transport.exchange(
    { library: SMTP_LIBRARY, host, port },
    async (io) => {
      const transporter = createTransport(smtpOptions(ctx.config, io, timeouts));
      io.onAbort(() => transporter.close());
      try {
        return await run(transporter, io);
      } finally {
        transporter.close();
      }
    },
    { classify: smtpFailure, reached: 'marked' },
  );
}

function smtpOptions(
  config: EmailConfig,
  io: DirectIo,
  timeouts: SmtpTimeouts,
): SMTPTransport.Options {
  return {
    host: config.host,
    port: config.port,
    ...tlsPolicy(config),
    auth: { user: config.username, pass: config.password },
    // The socket comes from core, so the exchange knows when it connected and can close it.
    getSocket: (_options, callback) => {
      io.connect().then(
        (connection) => callback(null, { connection }),
        (error: Error) => callback(error),
      );
    },
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.connectMs,
    socketTimeout: timeouts.idleMs,
    // Watches for the 354 after DATA; keeps no log line (they carry addresses).
    transactionLog: true,
    logger: smtpReachLogger(io),
    // Attachments are given as content: never a file path or a URL for nodemailer to read.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * How a connection is protected: TLS from the first byte (`secure`), or STARTTLS, required
 * unless the server is on this machine (the sandbox's simulator), where it is used if offered:
 * credentials and mail never cross a network in the clear. Certificates are always verified,
 * against `tls_ca` where given, else the public CAs.
 */
export function tlsPolicy(
  config: Pick<EmailConfig, 'host' | 'secure' | 'tls_ca'>,
): Pick<SMTPTransport.Options, 'secure' | 'requireTLS' | 'tls'> {
  return {
    secure: config.secure,
    requireTLS: !config.secure && !isLoopbackHost(config.host),
    tls: {
      minVersion: 'TLSv1.2',
      ...(config.tls_ca !== undefined && { ca: config.tls_ca }),
    },
  };
}
