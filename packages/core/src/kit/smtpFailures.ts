import type { DirectFailure, DirectIo } from './directTransport';

/** The fields nodemailer puts on its errors (lib/smtp-connection `_formatError`). */
interface SmtpClientError {
  code?: unknown;
  responseCode?: unknown;
}

/** SMTP replies that mean "not now, try later" (RFC 5321 §4.2): waits worth honouring. */
const BUSY_REPLIES = new Set([421, 451, 452]);

/**
 * Maps an SMTP client's failure to a core error. Any reply code is a definite answer: the
 * server did not take the message (4yz: try later, 421/451/452 as rate limiting; 5yz: never
 * as it is; 535: the credentials). A failure without a reply (a dropped connection, a
 * timeout) is left to the exchange: the message may have been taken.
 */
export function smtpFailure(error: unknown): DirectFailure | undefined {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpClientError;
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const libraryCode = typeof e.code === 'string' ? e.code : undefined;
  if (reply === undefined) {
    if (libraryCode === 'EAUTH') {
      return {
        code: 'DLX_E_VENDOR_AUTH',
        message: 'the SMTP server refused the login',
        refused: true,
      };
    }
    return undefined;
  }
  const vendorCode = `smtp_${reply}`;
  const said = `the SMTP server answered ${reply}${libraryCode === undefined ? '' : ` (${libraryCode})`}`;
  if (reply === 535 || reply === 530 || libraryCode === 'EAUTH') {
    return { code: 'DLX_E_VENDOR_AUTH', message: said, vendorCode, refused: true };
  }
  if (BUSY_REPLIES.has(reply)) {
    return { code: 'DLX_E_VENDOR_RATE_LIMITED', message: said, vendorCode, refused: true };
  }
  if (reply >= 400 && reply < 500) {
    return { code: 'DLX_E_VENDOR_TRANSIENT', message: said, vendorCode, refused: true };
  }
  return { code: 'DLX_E_VENDOR_PERMANENT', message: said, vendorCode, refused: true };
}

/** The logger interface nodemailer calls (bunyan-shaped). */
export interface SmtpTransactionLogger {
  trace(entry: unknown, message?: unknown): void;
  debug(entry: unknown, message?: unknown): void;
  info(entry: unknown, message?: unknown): void;
  warn(entry: unknown, message?: unknown): void;
  error(entry: unknown, message?: unknown): void;
  fatal(entry: unknown, message?: unknown): void;
}

/**
 * A nodemailer `logger` (with `transactionLog: true`) that marks the exchange as having
 * reached the vendor when the server answers DATA with 354: from then on the message may be
 * taken even if no final reply arrives. It keeps no log line (lines carry addresses).
 */
export function smtpReachLogger(io: Pick<DirectIo, 'mayHaveReached'>): SmtpTransactionLogger {
  const watch = (entry: unknown, message?: unknown) => {
    const tnx =
      typeof entry === 'object' && entry !== null ? (entry as { tnx?: unknown }).tnx : undefined;
    if (tnx === 'server' && typeof message === 'string' && message.startsWith('354')) {
      io.mayHaveReached();
    }
  };
  const ignore = () => undefined;
  return { trace: ignore, debug: watch, info: ignore, warn: ignore, error: ignore, fatal: ignore };
}
