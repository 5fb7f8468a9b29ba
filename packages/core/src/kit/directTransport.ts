import { connect, type Socket } from 'node:net';
import { DlxError, isDlxError } from '../errors/dlxError';
import type { ErrorCode } from '../errors/registry';
import { scrubString } from '../secrets/secretScrubber';
import { startTransportSpan, type ClientSpan } from '../tracing/clientSpan';

/** Where a direct transport connects: checked against allowed_hosts before any socket opens. */
export interface DirectTarget {
  /** The library as the manifest's direct_transports names it ("nodemailer"). */
  library: string;
  host: string;
  port: number;
}

/** What one exchange of a direct transport gets from core. */
export interface DirectIo {
  /** The attempt's signal: aborted on its timeout, its deadline or the caller's cancel. */
  readonly signal: AbortSignal;
  /**
   * A TCP connection to the checked target, for a library that takes one (nodemailer's
   * `getSocket`): core knows when it connected and destroys it on abort.
   */
  connect(): Promise<Socket>;
  /** From now on the vendor may have acted (SMTP: the server said 354 and took the data). */
  mayHaveReached(): void;
  /** Called when the attempt aborts, to close what the library opened (transporter.close()). */
  onAbort(close: () => void): void;
}

/** How a library failure maps to a core error. */
export interface DirectFailure {
  code: ErrorCode;
  /** Secret-free words for the message (the library's own message may carry credentials). */
  message: string;
  vendorCode?: string;
  retryAfterMs?: number;
  /** The vendor answered with a refusal: nothing happened there, whatever was sent before. */
  refused?: boolean;
}

export interface DirectExchangeOptions {
  /** Maps the library's errors; an error it returns nothing for is a network failure. */
  classify?: (error: unknown) => DirectFailure | undefined;
  /**
   * When a failure may follow an effect at the vendor: once a connection opened (default), or
   * only after the exchange said so with io.mayHaveReached() (a protocol that knows).
   */
  reached?: 'connected' | 'marked';
}

/** `ctx.transport`: the governed way for a declared library to open its own sockets. */
export interface DirectTransport {
  /**
   * Runs one exchange: the library must be declared in direct_transports and the host allowed
   * (else DLX_E_EGRESS_DENIED, before any connection); the attempt's signal aborts it and closes
   * its connections; failures become DlxErrors that say whether the vendor may have acted.
   */
  exchange<T>(
    target: DirectTarget,
    run: (io: DirectIo) => Promise<T>,
    options?: DirectExchangeOptions,
  ): Promise<T>;
}

/** What an instance's direct transport is built from. */
export interface DirectTransportInstance {
  connectorKey: string;
  /** direct_transports[].library of the manifest. */
  libraries: readonly string[];
  allowsHost(host: string): boolean;
  /** The instance's live secret list: scrubbed from every message. */
  secrets: readonly string[];
}

/** The direct transport of one instance under one signal (an attempt's, a probe's). */
export function bindDirectTransport(
  instance: DirectTransportInstance,
  signal: () => AbortSignal,
): DirectTransport {
  return {
    exchange: (target, run, options = {}) => exchange(instance, signal(), target, run, options),
  };
}

interface ExchangeState {
  /** The exchange's client span, inside a traced attempt. */
  span: ClientSpan | undefined;
  usedConnect: boolean;
  connected: boolean;
  marked: boolean;
  sockets: Set<Socket>;
  closers: Array<() => void>;
}

async function exchange<T>(
  instance: DirectTransportInstance,
  signal: AbortSignal,
  target: DirectTarget,
  run: (io: DirectIo) => Promise<T>,
  options: DirectExchangeOptions,
): Promise<T> {
  const where = `${instance.connectorKey}: ${target.library} to ${target.host}:${target.port}`;
  if (!instance.libraries.includes(target.library)) {
    throw denied(where, `${target.library} is not declared in the manifest's direct_transports`);
  }
  if (!instance.allowsHost(target.host)) {
    throw denied(where, `${target.host} is outside allowed_hosts`);
  }
  const state: ExchangeState = {
    span: startTransportSpan(target.library, target.host, target.port),
    usedConnect: false,
    connected: false,
    marked: false,
    sockets: new Set(),
    closers: [],
  };
  if (signal.aborted) throw ended(state, abortedError(where, signal.reason, false));
  const onAbort = () => {
    for (const close of state.closers.splice(0)) {
      try {
        close();
      } catch {
        // A library that fails to close is closed below, at its sockets.
      }
    }
    for (const socket of state.sockets) socket.destroy();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const io: DirectIo = {
    signal,
    connect: () => openSocket(target, signal, state),
    mayHaveReached: () => {
      state.marked = true;
    },
    onAbort: (close) => {
      if (signal.aborted) close();
      else state.closers.push(close);
    },
  };
  try {
    const result = await run(io);
    state.span?.succeeded();
    return result;
  } catch (error) {
    const reached =
      options.reached === 'marked' ? state.marked : !state.usedConnect || state.connected;
    if (signal.aborted) throw ended(state, abortedError(where, signal.reason, reached));
    if (isDlxError(error)) throw ended(state, error);
    throw ended(
      state,
      failureError(where, error, options.classify?.(error), reached, instance.secrets),
    );
  } finally {
    signal.removeEventListener('abort', onAbort);
    for (const socket of state.sockets) if (socket.destroyed) state.sockets.delete(socket);
  }
}

function openSocket(
  target: DirectTarget,
  signal: AbortSignal,
  state: ExchangeState,
): Promise<Socket> {
  state.usedConnect = true;
  return new Promise<Socket>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const socket = connect({ host: target.host, port: target.port });
    state.sockets.add(socket);
    socket.once('connect', () => {
      state.connected = true;
      state.span?.event('connected');
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Ends the exchange's span with the error the connector gets; returns that error. */
function ended(state: ExchangeState, error: DlxError): DlxError {
  state.span?.failed(error);
  return error;
}

function denied(where: string, why: string): DlxError {
  return new DlxError('DLX_E_EGRESS_DENIED', `${where} refused: ${why}; nothing was sent`, {
    mayHaveReachedVendor: false,
  });
}

function abortedError(where: string, reason: unknown, reached: boolean): DlxError {
  if (isDlxError(reason)) {
    return new DlxError(reason.code, reason.message, {
      retryable: reason.retryable,
      mayHaveReachedVendor: reached,
      details: { aborted: true },
    });
  }
  return new DlxError('DLX_E_RUNTIME_ABORTED', `${where} was aborted`, {
    mayHaveReachedVendor: reached,
  });
}

function failureError(
  where: string,
  error: unknown,
  failure: DirectFailure | undefined,
  reached: boolean,
  secrets: readonly string[],
): DlxError {
  const code = errorCodeOf(error);
  const found = failure ?? {
    code: 'DLX_E_VENDOR_NETWORK' as const,
    message: `connection failed (${code})`,
  };
  return new DlxError(found.code, scrubString(`${where} failed: ${found.message}`, secrets), {
    mayHaveReachedVendor: found.refused === true ? false : reached,
    ...(found.vendorCode !== undefined && { vendorCode: found.vendorCode }),
    ...(found.retryAfterMs !== undefined && { retryAfterMs: found.retryAfterMs }),
    // Never the library's error itself: it may carry the connection's credentials.
    cause: { code },
  });
}

function errorCodeOf(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code !== '' ? code : 'ERROR';
}
