import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../__fixtures__/runCli';
import { useSandboxWorkspaces } from '../__fixtures__/sandboxWorkspaces';
import { HOST_CLI } from '../__fixtures__/spawnHarnessHost';

// Outsider findings: `start --port abc` recreated the sandbox database, then hung on a RangeError
// stack; a port in use printed a stack and, in sandbox mode, the process never exited.
describe('start: the listen port', () => {
  const workspace = useSandboxWorkspaces('dlx-port-');
  /** A sandbox-mode workspace with a config naming host.db (sandbox.db goes beside it). */
  const sandboxWorkspace = () => {
    const dir = workspace();
    writeFileSync(join(dir, 'host.json'), JSON.stringify({ database: join(dir, 'host.db') }));
    return dir;
  };

  it('refuses a port that is not one before anything is opened (exit 2, naming where it came from)', async () => {
    const dir = sandboxWorkspace();
    const start = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      runCli(['start', '--config', join(dir, 'host.json'), ...args], { env, cwd: dir });
    for (const [args, env, named] of [
      [['--port', 'abc'], {}, '--port: "abc"'],
      [['--port', '70000'], {}, '--port: "70000"'],
      [['--port', '1e3'], {}, '--port: "1e3"'],
      [[], { DLX_PORT: 'abc' }, 'DLX_PORT: "abc"'],
      [[], { DLX_PORT: '65536' }, 'DLX_PORT: "65536"'],
    ] as const) {
      const run = await start([...args], { ...env });
      expect(run.code).toBe(2);
      expect(run.err).toContain(`${named} is not a port: give an integer 0-65535`);
    }
    expect(existsSync(join(dir, 'sandbox.db'))).toBe(false);
  });

  it('names the address in use in one line, and the process exits', async () => {
    const dir = sandboxWorkspace();
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    let child: ReturnType<typeof spawn> | undefined;
    try {
      child = spawn(
        process.execPath,
        [HOST_CLI, 'start', '--config', join(dir, 'host.json'), '--port', String(port)],
        {
          cwd: dir,
          env: { ...process.env, DLX_PORT: undefined },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let err = '';
      child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        new Promise<number | null>((resolve) => child!.once('exit', resolve)),
        new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve('still running'), 20_000);
        }),
      ]);
      clearTimeout(timer);
      expect(code).toBe(2);
      expect(err.trim().split('\n')).toEqual([
        expect.stringContaining(`127.0.0.1:${port} is in use`),
      ]);
      // Everything started before the listen was stopped: the sandbox gave its folder back.
      expect(existsSync(join(dir, 'sandbox.db.pid'))).toBe(false);
    } finally {
      // A host that failed to exit must not outlive the test.
      if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await new Promise((resolve) => busy.close(resolve));
    }
  }, 30_000);
});
