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
import type { SmtpFault, SmtpFaultCommand } from './smtpFaults';

export interface SmtpSimulatorOptions {
  user?: string;
  pass?: string;
  /** When true (default) MAIL FROM is refused until the client authenticates. */
  requireAuth?: boolean;
  /**
   * TLS with this key and certificate (PEM; `createTestCertificate()` makes one): STARTTLS is
   * offered and AUTH refused (538) until it was used, as real submission servers do; with
   * `implicitTls` the connection is TLS from its first byte (port 465 style). Without it the
   * simulator speaks plain SMTP and allows AUTH in the clear (loopback only).
   */
  tls?: { key: string | Buffer; cert: string | Buffer };
  implicitTls?: boolean;
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
  /** `messages_accepted`, `auth_failures`, `connections_opened`, `tls_sessions`. */
  readonly counters: SideEffectCounters;
  /**
   * Arms a fault for the next `times` uses of a command (or until cleared): a reply code instead
   * of handling it, a delay before handling it, or `drop_after_data` (the message is stored, then
   * the connection drops before the final reply).
   */
  injectFault(fault: SmtpFault): void;
  clearFaults(): void;
  /** The faults still armed (copies, with the uses each has left). */
  armedFaults(): SmtpFault[];
  /** Resolves once no delayed command is waiting (its handling, the side effect, has run). */
  whenIdle(): Promise<void>;
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
  const timers = new Set<NodeJS.Timeout>();
  let idleWaiters: Array<() => void> = [];
  const settleIdle = (): void => {
    if (timers.size > 0) return;
    const waiting = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiting) resolve();
  };
  let boundPort: number | null = null;

  /** Runs `fn` after `ms` (a delay fault), unless the simulator stops first. */
  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
      settleIdle();
    }, ms);
    timers.add(timer);
  };

  /** Ends a session's connection at once, with no reply. */
  const dropConnection = (session: SMTPServerSession): void => {
    for (const socket of sockets) {
      if (socket.remotePort === session.remotePort) socket.destroy();
    }
  };

  /** Runs `proceed`, or answers the use of `command` as an armed fault says. */
  const handle = (
    command: SmtpFaultCommand,
    session: SMTPServerSession,
    callback: (err?: Error | null) => void,
    proceed: () => void,
  ): void => {
    const action = faults.take(command);
    if (action === null) return proceed();
    if (action.kind === 'reply') return callback(action.error);
    if (action.kind === 'delay') return later(action.ms, proceed);
    if (action.kind === 'drop') dropConnection(session);
  };

  /** Stores a message the server took responsibility for: the side effect tests count. */
  const store = (session: SMTPServerSession, raw: Buffer): number => {
    const seq = messages.length + 1;
    const envelope = session.envelope;
    messages.push(
      parseReceivedMessage({
        seq,
        from: envelope.mailFrom === false ? '' : envelope.mailFrom.address,
        to: envelope.rcptTo.map((r) => r.address),
        user: typeof session.user === 'string' ? session.user : undefined,
        secure: session.secure,
        raw: raw.toString('utf8'),
        receivedAt: Date.now(),
      }),
    );
    counters.increment('messages_accepted');
    return seq;
  };

  const tls = options.tls;
  if (options.implicitTls === true && tls === undefined) {
    throw new TypeError('the SMTP simulator needs `tls` (a key and certificate) for implicitTls');
  }
  const server = new SMTPServer({
    logger: false,
    // Without TLS, plain AUTH on a loopback server; with it, AUTH only once the session is TLS.
    ...(tls === undefined
      ? { disabledCommands: ['STARTTLS'], allowInsecureAuth: true }
      : { key: tls.key, cert: tls.cert, secure: options.implicitTls === true }),
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: options.requireAuth === false,
    onConnect(session: SMTPServerSession, callback: (err?: Error | null) => void) {
      handle('CONNECT', session, callback, () => callback());
    },
    onSecure(
      _socket: unknown,
      _session: SMTPServerSession,
      callback: (err?: Error | null) => void,
    ) {
      counters.increment('tls_sessions');
      callback();
    },
    onAuth(
      auth: SMTPServerAuthentication,
      session: SMTPServerSession,
      callback: (err: Error | null | undefined, response?: { user: string }) => void,
    ) {
      handle('AUTH', session, callback, () => {
        if (auth.username !== user || auth.password !== pass) {
          counters.increment('auth_failures');
          return callback(smtpReplyError(535, 'Authentication credentials invalid'));
        }
        callback(null, { user });
      });
    },
    onMailFrom(_address: SMTPServerAddress, session: SMTPServerSession, callback) {
      handle('MAIL', session, callback, () => callback());
    },
    onRcptTo(_address: SMTPServerAddress, session: SMTPServerSession, callback) {
      handle('RCPT', session, callback, () => callback());
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        // The fault is decided after the whole message was read, as a real server would.
        const raw = Buffer.concat(chunks);
        const action = faults.take('DATA');
        if (action?.kind === 'drop_after_data') store(session, raw);
        if (action?.kind === 'drop_after_data' || action?.kind === 'drop') {
          return dropConnection(session);
        }
        const accept = () => callback(null, `OK: queued as SIM${store(session, raw)}`);
        if (action === null) return accept();
        if (action.kind === 'reply') return callback(action.error);
        later(action.ms, accept);
      });
    },
  });
  // A client that hangs up mid-handshake (one that does not trust the certificate) is a normal
  // event for a server, not a crash of the test process.
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    counters.increment('connections_opened');
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
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      settleIdle();
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
    armedFaults: () => faults.list(),
    whenIdle: () =>
      timers.size === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)),
    reset() {
      messages.length = 0;
      counters.reset();
      faults.clear();
    },
  };
}
