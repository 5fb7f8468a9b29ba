import type { Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type {
  SMTPServerAddress,
  SMTPServerAuthentication,
  SMTPServerDataStream,
  SMTPServerSession,
} from 'smtp-server';
import { SideEffectCounters } from '../../http/sideEffectCounters';
import { parseReceivedMessage } from './receivedMessage';
import type { ReceivedMessage } from './receivedMessage';
import { SmtpFaultQueue, smtpReplyError } from './smtpFaults';
import type { SmtpFault } from './smtpFaults';

export interface SmtpSimulatorOptions {
  user?: string;
  pass?: string;
  /** When true (default) MAIL FROM is refused until the client authenticates. */
  requireAuth?: boolean;
}

export interface SmtpSimulator {
  start(): Promise<void>;
  /** Closes the listener and every open connection (each gets `421` first). */
  stop(): Promise<void>;
  readonly host: '127.0.0.1';
  /** The bound port; throws before start(). */
  readonly port: number;
  readonly user: string;
  readonly pass: string;
  /** Accepted messages, oldest first. */
  readonly messages: readonly ReceivedMessage[];
  /** `messages_accepted`, `auth_failures`. */
  readonly counters: SideEffectCounters;
  /** Answers uses of `command` with `code` instead of handling it: `times` uses, or until cleared. */
  injectFault(fault: SmtpFault): void;
  clearFaults(): void;
  /** Forgets messages, counters and faults; keeps the server running. */
  reset(): void;
}

const HOST = '127.0.0.1';
// Beyond this, stop() stops waiting for clients to hang up and destroys their sockets.
const STOP_GRACE_MS = 200;

/** A real SMTP server on 127.0.0.1 that stores what it accepts, for nodemailer-based connectors. */
export function createSmtpSimulator(options: SmtpSimulatorOptions = {}): SmtpSimulator {
  const user = options.user ?? 'sim-user';
  const pass = options.pass ?? 'sim-pass';
  const faults = new SmtpFaultQueue();
  const counters = new SideEffectCounters();
  const messages: ReceivedMessage[] = [];
  const sockets = new Set<Socket>();
  let boundPort: number | null = null;

  const server = new SMTPServer({
    logger: false,
    // No TLS: plain AUTH is what the connector under test uses against a loopback server.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: options.requireAuth === false,
    onConnect(_session: SMTPServerSession, callback: (err?: Error | null) => void) {
      callback(faults.take('CONNECT'));
    },
    onAuth(
      auth: SMTPServerAuthentication,
      _session: SMTPServerSession,
      callback: (err: Error | null | undefined, response?: { user: string }) => void,
    ) {
      const fault = faults.take('AUTH');
      if (fault) return callback(fault);
      if (auth.username !== user || auth.password !== pass) {
        counters.increment('auth_failures');
        return callback(smtpReplyError(535, 'Authentication credentials invalid'));
      }
      callback(null, { user });
    },
    onMailFrom(_address: SMTPServerAddress, _session: SMTPServerSession, callback) {
      callback(faults.take('MAIL'));
    },
    onRcptTo(_address: SMTPServerAddress, _session: SMTPServerSession, callback) {
      callback(faults.take('RCPT'));
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        // The fault is decided after the whole message was read, as a real server would.
        const fault = faults.take('DATA');
        if (fault) return callback(fault);
        const seq = messages.length + 1;
        const envelope = session.envelope;
        messages.push(
          parseReceivedMessage({
            seq,
            from: envelope.mailFrom === false ? '' : envelope.mailFrom.address,
            to: envelope.rcptTo.map((r) => r.address),
            user: typeof session.user === 'string' ? session.user : undefined,
            raw: Buffer.concat(chunks).toString('utf8'),
            receivedAt: Date.now(),
          }),
        );
        counters.increment('messages_accepted');
        callback(null, `OK: queued as SIM${seq}`);
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  return {
    host: HOST,
    user,
    pass,
    messages,
    get port(): number {
      if (boundPort === null) throw new Error('SMTP simulator is not started');
      return boundPort;
    },
    counters,
    start() {
      return new Promise<void>((resolve, reject) => {
        const onError = (err: Error): void => reject(err);
        server.server.once('error', onError);
        server.listen(0, HOST, () => {
          server.server.off('error', onError);
          const address = server.server.address();
          if (address === null || typeof address === 'string') {
            reject(new Error('SMTP simulator did not bind a TCP port'));
            return;
          }
          boundPort = address.port;
          resolve();
        });
      });
    },
    stop() {
      if (boundPort === null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const grace = setTimeout(() => sockets.forEach((s) => s.destroy()), STOP_GRACE_MS);
        server.server.close(() => {
          clearTimeout(grace);
          boundPort = null;
          resolve();
        });
        server.connections.forEach((connection) => {
          connection.send(421, 'Server shutting down');
          connection.close();
        });
      });
    },
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    reset() {
      messages.length = 0;
      counters.reset();
      faults.clear();
    },
  };
}
