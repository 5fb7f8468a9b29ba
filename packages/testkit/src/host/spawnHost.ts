import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpawnHostOptions {
  /**
   * The host's CLI entry (`@dealix/connector-host`'s `bin/dealix-connectors.js` or built
   * `dist/cli/main.js`). Named by the caller: the testkit does not depend on the host.
   */
  cli: string;
  /** The host config, written as JSON to `<dir>/host.config.json`. */
  config: Record<string, unknown>;
  /** Folder for the config (and, by default, the database); a fresh temp folder if absent. */
  dir?: string;
  /** The child's environment (PATH and HOME are added from this process). */
  env?: Record<string, string>;
  /** Working directory: where the host discovers connector packages. Default: this process's. */
  cwd?: string;
  /** How long to wait for the host to be ready. Default 30 s. */
  readyTimeoutMs?: number;
  /** Extra arguments to `start` (e.g. `--strict`). */
  args?: readonly string[];
}

export interface SpawnedHost {
  /** The base URL of the running host (a new port after each restart). */
  readonly url: string;
  readonly pid: number;
  readonly dir: string;
  readonly configFile: string;
  /** Everything the child printed (stdout and stderr) since it was (re)started. */
  output(): string;
  /** Sends a signal (default SIGKILL: no shutdown code runs) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Starts the host again with the same config and database, and waits until it is ready. */
  restart(): Promise<void>;
  /** SIGTERM (a graceful stop) and wait for the exit; a no-op when it is not running. */
  stop(): Promise<void>;
  /**
   * stop(), then deletes the folder when spawnHost made it (a `dir` the caller named is
   * the caller's to keep or delete).
   */
  remove(): Promise<void>;
}

const READY_LINE = /Governance board: (http:\/\/\S+?)\/board/;

/**
 * Runs the host as a child process (`dealix-connectors start --port 0`) with a given config, as
 * an operator would, so a test can SIGKILL it mid-burst and restart it on the same database.
 * Resolves once the host printed its URL and answers /readyz with 200.
 */
export async function spawnHost(options: SpawnHostOptions): Promise<SpawnedHost> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'dlx-spawned-host-'));
  const removeOwnDir = () => {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  const configFile = join(dir, 'host.config.json');
  writeFileSync(configFile, JSON.stringify(options.config, null, 2));
  let child: ChildProcess | undefined;
  let url = '';
  let printed = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({
    code: null,
    signal: null,
  });

  const start = async () => {
    printed = '';
    child = spawn(
      process.execPath,
      [options.cli, 'start', '--config', configFile, '--port', '0', ...(options.args ?? [])],
      {
        cwd: options.cwd ?? process.cwd(),
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? dir,
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const running = child;
    exited = new Promise((resolve) =>
      running.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const onData = (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    };
    running.stdout!.on('data', onData);
    running.stderr!.on('data', onData);
    url = await waitForUrl(running, () => printed, options.readyTimeoutMs ?? 30_000);
    await waitForReady(url, options.readyTimeoutMs ?? 30_000);
  };

  const isRunning = () =>
    child !== undefined && child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (!isRunning()) return;
    child!.kill('SIGTERM');
    await exited;
  };
  try {
    await start();
  } catch (error) {
    // Nothing of a host that never became ready outlives the failure: no process, no folder.
    if (isRunning()) child!.kill('SIGKILL');
    await exited;
    removeOwnDir();
    throw error;
  }
  return {
    get url() {
      return url;
    },
    get pid() {
      return child?.pid ?? -1;
    },
    dir,
    configFile,
    output: () => printed,
    async kill(signal = 'SIGKILL') {
      if (isRunning()) child!.kill(signal);
      return exited;
    },
    async restart() {
      if (isRunning()) {
        child!.kill('SIGKILL');
        await exited;
      }
      await start();
    },
    stop,
    async remove() {
      await stop();
      removeOwnDir();
    },
  };
}

function waitForUrl(
  child: ChildProcess,
  printed: () => string,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`the host did not print its URL within ${timeoutMs} ms:\n${printed()}`));
    }, timeoutMs);
    const check = () => {
      const match = READY_LINE.exec(printed());
      if (match) {
        cleanup();
        resolve(match[1]!);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the host exited (code ${code}) before it was ready:\n${printed()}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > until)
      throw new Error(`${url}/readyz did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
