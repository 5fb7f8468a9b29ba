import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnHost } from './spawnHost';

const CLI = join(__dirname, '__fixtures__', 'fakeHostCli.js');

/**
 * Runs `body` with os.tmpdir() answering a fresh folder, so what spawnHost leaves there shows.
 * (jest gives a test its own copy of process.env, which os.tmpdir() never reads: hence the spy.)
 */
async function inOwnTmpdir(body: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'spawn-host-test-'));
  const spy = jest.spyOn(os, 'tmpdir').mockReturnValue(tmp);
  try {
    await body(tmp);
  } finally {
    spy.mockRestore();
    rmSync(tmp, { recursive: true, force: true });
  }
}

const processGone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

describe('spawnHost', () => {
  it('remove() stops the host and deletes the folder it made', async () => {
    await inOwnTmpdir(async (tmp) => {
      const host = await spawnHost({ cli: CLI, config: {}, env: { FAKE_HOST: 'ready' } });
      let ready: number;
      try {
        ready = (await fetch(`${host.url}/readyz`)).status;
      } finally {
        await host.remove();
      }
      expect(ready).toBe(200);
      expect(host.dir.startsWith(tmp)).toBe(true);
      expect(existsSync(host.dir)).toBe(false);
      expect(processGone(host.pid)).toBe(true);
      expect(readdirSync(tmp)).toEqual([]);
    });
  });

  it('leaves no folder and no process behind when the host exits before it is ready', async () => {
    await inOwnTmpdir(async (tmp) => {
      await expect(spawnHost({ cli: CLI, config: {}, env: { FAKE_HOST: 'fail' } })).rejects.toThrow(
        /exited \(code 1\) before it was ready:\s+config refused: no tenants/,
      );
      expect(readdirSync(tmp)).toEqual([]);
    });
  });

  it('keeps a folder the caller named: remove() only stops the host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spawn-host-named-'));
    try {
      const host = await spawnHost({ cli: CLI, config: {}, dir, env: { FAKE_HOST: 'ready' } });
      await host.remove();
      expect(processGone(host.pid)).toBe(true);
      expect(readdirSync(dir)).toEqual(['host.config.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
