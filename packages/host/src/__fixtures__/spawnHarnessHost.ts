import { join } from 'node:path';
import { spawnHost, type SpawnedHost } from '@dealix/connector-testkit';
import { HARNESS_ENV, HARNESS_TOKENS } from './hostHarness';

/** The host's CLI entry, as an operator runs it (the package's bin shim). */
export const HOST_CLI = join(__dirname, '..', '..', 'bin', 'dealix-connectors.js');

/**
 * `dealix-connectors start` as its own process (a test that kills it, saturates its event loop
 * or lets it export), with the harness's tokens and environment and a `host.db` in its folder.
 * `config` and `env` add to (or override) those.
 */
export function spawnHarnessHost(options: {
  cwd: string;
  config: Record<string, unknown>;
  env?: Record<string, string>;
}): Promise<SpawnedHost> {
  return spawnHost({
    cli: HOST_CLI,
    cwd: options.cwd,
    config: { database: 'host.db', tokens: HARNESS_TOKENS, ...options.config },
    env: { ...HARNESS_ENV, ...options.env },
  });
}

/** Stops a spawned host (SIGTERM, a graceful stop) and removes its folder and database. */
export async function removeSpawnedHost(host: SpawnedHost | undefined): Promise<void> {
  if (host === undefined) return;
  await host.remove();
}
