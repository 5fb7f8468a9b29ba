import pino, { type DestinationStream, type Logger } from 'pino';
import { createSecretScrubber, type ConnectorLogger } from '@dealix/connector-core';

/**
 * The secret values the host's logs must never show. Filled as they become known (tokens and
 * referenced config values at startup, each tenant's secret fields when its config meets its
 * manifest), so writing a line costs one scrub and nothing else.
 */
export class LogSecrets {
  private readonly values = new Set<string>();
  private scrubber = createSecretScrubber([]);

  add(values: Iterable<unknown>): void {
    const before = this.values.size;
    for (const v of values) if (typeof v === 'string' && v !== '') this.values.add(v);
    if (this.values.size !== before) this.scrubber = createSecretScrubber([...this.values]);
  }

  scrub(line: string): string {
    return this.scrubber(line);
  }
}

/**
 * Structured JSON logs. Every line passes a value scrubber over all known secrets before it is
 * written: the same rule as audit records, applied at the last moment so no code path can leak
 * one.
 */
export function createHostLogger(options: {
  secrets: LogSecrets;
  destination?: DestinationStream;
  level?: string;
}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'dealix-connector-host' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers["stripe-signature"]'],
        censor: '[REDACTED]',
      },
      hooks: {
        streamWrite: (line) => options.secrets.scrub(line),
      },
    },
    options.destination ?? process.stdout,
  );
}

/** The runtime's logger interface on top of pino. */
export function connectorLogger(logger: Logger): ConnectorLogger {
  return {
    debug: (obj, msg) => logger.debug(obj, msg),
    info: (obj, msg) => logger.info(obj, msg),
    warn: (obj, msg) => logger.warn(obj, msg),
    error: (obj, msg) => logger.error(obj, msg),
  };
}
