import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../discovery/connectorPackages';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'gcHost.cjs');

/** A host in its own process (with --expose-gc) whose heap the test can read after a full GC. */
export interface GcHost {
  url: string;
  /** heapUsed of the host process after two forced full GCs, in bytes. */
  heapUsed(): Promise<number>;
  stop(): Promise<void>;
}

export async function startGcHost(
  config: Record<string, unknown>,
  env: Record<string, string>,
): Promise<GcHost> {
  const dir = mkdtempSync(join(tmpdir(), 'dlx-load-'));
  const configFile = join(dir, 'host.config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const child: ChildProcess = fork(SCRIPT, [configFile, REPO_ROOT], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    execArgv: ['--expose-gc'],
    // Log lines go nowhere, as fast as a production log pipe; errors are kept for the failure.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = <T>(pick: (message: Record<string, unknown>) => T | undefined): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        const value = pick(message);
        if (value === undefined) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(value);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`the host process exited (${code}):\n${stderr}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const url = await next((m) => (typeof m.url === 'string' ? m.url : undefined));
  return {
    url,
    heapUsed() {
      const answer = next((m) => (typeof m.heapUsed === 'number' ? m.heapUsed : undefined));
      child.send({ cmd: 'heap' });
      return answer;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.send({ cmd: 'stop' });
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
