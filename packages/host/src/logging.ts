import pino, { type DestinationStream, type Logger } from 'pino';
import {
  createSecretScrubber,
  currentTraceIds,
  type ConnectorLogger,
} from '@dealix/connector-core';

/**
 * The secret values the host's logs must never show. Filled as they become known (tokens and
 * referenced config values at startup, each tenant's secret fields when its config meets its
 * manifest), so writing a line costs one scrub and nothing else. The scrubber is rebuilt for
 * the first line written after new values, not per value added: a host registering a thousand
 * instances with their own secrets rebuilt it a thousand times, each over every value so far.
 */
export class LogSecrets {
  private readonly values = new Set<string>();
  private scrubber: ((line: string) => string) | undefined;

  add(values: Iterable<unknown>): void {
    const before = this.values.size;
    for (const v of values) if (typeof v === 'string' && v !== '') this.values.add(v);
    if (this.values.size !== before) this.scrubber = undefined;
  }

  scrub(line: string): string {
    return (this.scrubber ??= createSecretScrubber([...this.values]))(line);
  }
}

/**
 * The inbound headers logs never show: `authorization`, plus each loaded connector's declared
 * `http.sensitiveHeaders` (its webhook signature header), added once the plugins are loaded.
 */
export class SensitiveHeaders {
  private readonly names = new Set<string>(['authorization', 'proxy-authorization', 'cookie']);

  add(names: Iterable<string>): void {
    for (const name of names) this.names.add(name.toLowerCase());
  }

  /** A copy of `headers` with every sensitive one censored. */
  censor(headers: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = this.names.has(name.toLowerCase()) ? REDACTED : value;
    }
    return out;
  }
}

const REDACTED = '[REDACTED]';

/**
 * Structured JSON logs. Every line passes a value scrubber over all known secrets before it is
 * written: the same rule as audit records, applied at the last moment so no code path can leak
 * one. Logged request headers lose the sensitive ones (SensitiveHeaders).
 */
export function createHostLogger(options: {
  secrets: LogSecrets;
  headers?: SensitiveHeaders;
  destination?: DestinationStream;
  level?: string;
}): Logger {
  const headers = options.headers ?? new SensitiveHeaders();
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'dealix-connector-host' },
      formatters: {
        log: (object) => withCensoredHeaders(object, headers),
      },
      hooks: {
        streamWrite: (line) => options.secrets.scrub(line),
      },
    },
    options.destination ?? process.stdout,
  );
}

/** The log object with `headers` and `req.headers` censored, wherever a line carries them. */
function withCensoredHeaders(
  object: Record<string, unknown>,
  headers: SensitiveHeaders,
): Record<string, unknown> {
  const req = object.req;
  const out = { ...object };
  if (isRecord(object.headers)) out.headers = headers.censor(object.headers);
  // Only a plain object's headers: a fastify request (its fields are getters on its prototype)
  // goes to fastify's request serializer whole, which logs no headers. Spreading it here kept
  // none of its fields, and every request line read `"req":{}`.
  if (isPlainRecord(req) && isRecord(req.headers)) {
    out.req = { ...req, headers: headers.censor(req.headers) };
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The runtime's logger interface on top of pino. A line logged inside a traced call (a
 * connector's ctx.log, the runtime's own) carries the active span's trace_id and span_id.
 */
export function connectorLogger(logger: Logger): ConnectorLogger {
  return {
    debug: (obj, msg) => logger.debug(withTraceIds(obj), msg),
    info: (obj, msg) => logger.info(withTraceIds(obj), msg),
    warn: (obj, msg) => logger.warn(withTraceIds(obj), msg),
    error: (obj, msg) => logger.error(withTraceIds(obj), msg),
  };
}

function withTraceIds(obj: Record<string, unknown>): Record<string, unknown> {
  const ids = currentTraceIds();
  return ids === undefined ? obj : { ...obj, ...ids };
}
