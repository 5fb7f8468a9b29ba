import pino, { type DestinationStream, type Logger } from 'pino';
import { createSecretScrubber, type ConnectorLogger } from '@dealix/connector-core';

/**
 * Structured JSON logs. Every line passes a value scrubber over all configured secrets (tenant
 * secrets, API tokens) before it is written: the same rule as audit records, applied at the
 * last moment so no code path can leak one.
 */
export function createHostLogger(options: {
  secrets: () => readonly string[];
  destination?: DestinationStream;
  level?: string;
}): Logger {
  let scrub = createSecretScrubber([]);
  let known = 0;
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'dealix-connector-host' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers["stripe-signature"]'],
        censor: '[REDACTED]',
      },
      hooks: {
        streamWrite(line) {
          const secrets = options.secrets();
          if (secrets.length !== known) {
            scrub = createSecretScrubber(secrets);
            known = secrets.length;
          }
          return scrub(line);
        },
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
