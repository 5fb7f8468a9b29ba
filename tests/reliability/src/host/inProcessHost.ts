import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startHost, type RunningHost } from '@dealix/connector-host';
import { REPO_ROOT } from '../discovery/connectorPackages';
import { hostRequest, type Exchange, type HostRequest } from './hostRequest';

export interface InProcessHost {
  host: RunningHost;
  url: string;
  dir: string;
  /** Every log line the host wrote (pino JSON). */
  logs: string[];
  /** The startup report and the other lines it printed. */
  printed: string[];
  /** Every exchange made through `request`. */
  exchanges: Exchange[];
  request: HostRequest;
  /** Closes the host (if still open) and removes its folder, database included. */
  stop(): Promise<void>;
}

/**
 * The host in this process, discovering the repository's built connector packages, on an
 * ephemeral port with its database in a fresh folder. No config file tenants: sandbox mode.
 */
export async function startInProcessHost(
  config: Record<string, unknown>,
  env: Record<string, string>,
): Promise<InProcessHost> {
  const dir = mkdtempSync(join(tmpdir(), 'dlx-reliability-'));
  const configFile = join(dir, 'host.config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const logs: string[] = [];
  const printed: string[] = [];
  const host = await startHost({
    configFile,
    rootDir: REPO_ROOT,
    cwd: dir,
    port: 0,
    env,
    logDestination: new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
    print: (line) => printed.push(line),
  });
  const url = host.url!;
  const exchanges: Exchange[] = [];
  return {
    host,
    url,
    dir,
    logs,
    printed,
    exchanges,
    request: hostRequest(url, exchanges),
    async stop() {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
