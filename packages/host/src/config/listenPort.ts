import { DlxError } from '@dealix/connector-core';

const ALLOWED = 'give an integer 0-65535 (0: any free port)';

/**
 * A port as `--port` or DLX_PORT gives it. Decimal digits only: Number() would also take '',
 * ' 80', '0x50' and '1e3', and NaN or 70000 reached listen() as a RangeError after the sandbox
 * had been started.
 */
export function parsePort(text: string, source: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port <= 65535)) {
    throw new DlxError(
      'DLX_E_CONFIG_INVALID',
      `${source}: ${JSON.stringify(text)} is not a port: ${ALLOWED}`,
      { details: { source, value: text } },
    );
  }
  return port;
}

/** The port to listen on: HostOptions.port, else DLX_PORT, else listen.port (checked by its schema). */
export function listenPortOf(
  optionPort: number | undefined,
  env: NodeJS.ProcessEnv,
  configPort: number,
): number {
  if (optionPort !== undefined) {
    if (!Number.isInteger(optionPort) || optionPort < 0 || optionPort > 65535) {
      throw new DlxError('DLX_E_CONFIG_INVALID', `port: ${optionPort} is not a port: ${ALLOWED}`, {
        details: { source: 'port', value: optionPort },
      });
    }
    return optionPort;
  }
  return env.DLX_PORT ? parsePort(env.DLX_PORT, 'DLX_PORT') : configPort;
}
