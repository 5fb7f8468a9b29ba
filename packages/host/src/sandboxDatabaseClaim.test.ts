import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HARNESS_ENV, startHarness } from './__fixtures__/hostHarness';
import { runCli } from './__fixtures__/runCli';
import { useSandboxWorkspaces } from './__fixtures__/sandboxWorkspaces';

// Sandbox mode recreates sandbox.db at every start: nothing may do that under a running host.
describe("a sandbox host's database", () => {
  const workspace = useSandboxWorkspaces('dlx-sandbox-claim-');

  it('is left alone by `report`, which runs on an in-memory database', async () => {
    const dir = workspace();
    const h = await startHarness({ dir, rootDir: dir });
    try {
      const file = join(dir, 'sandbox.db');
      const before = { ino: statSync(file).ino, keys: readFileSync(`${file}.keys`, 'utf8') };
      const run = await runCli(['report', '--config', join(dir, 'host.config.json')], {
        env: HARNESS_ENV,
        cwd: dir,
      });
      expect(run.out).toContain('an in-memory database for this report');
      expect({ ino: statSync(file).ino, keys: readFileSync(`${file}.keys`, 'utf8') }).toEqual(
        before,
      );
      expect(readFileSync(`${file}.pid`, 'utf8').trim()).toBe(String(process.pid));
    } finally {
      await h.stop();
    }
    expect(existsSync(join(dir, 'sandbox.db.pid'))).toBe(false);
  }, 30_000);

  it('is not recreated by a second sandbox host while the first one lives', async () => {
    const dir = workspace();
    const file = join(dir, 'sandbox.db');
    writeFileSync(file, 'the running host database');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    await once(other, 'spawn');
    writeFileSync(`${file}.pid`, `${other.pid}\n`);
    try {
      await expect(startHarness({ dir, rootDir: dir })).rejects.toMatchObject({
        code: 'DLX_E_CONFIG_INVALID',
        message: expect.stringContaining(
          `${file}: a sandbox host (pid ${other.pid}) is running on this database`,
        ),
      });
      expect(readFileSync(file, 'utf8')).toBe('the running host database');
    } finally {
      other.kill('SIGKILL');
      await once(other, 'exit');
    }
    // The holder died (a kill -9 leaves its pid behind): the next start takes the folder over.
    const h = await startHarness({ dir, rootDir: dir });
    await h.stop();
    expect(existsSync(`${file}.pid`)).toBe(false);
  }, 30_000);

  // `npm start` then `npx dealix-connectors audit verify` in the same folder, no key exported.
  it('is the one CLI commands read without --database, with the keys sandbox mode kept', async () => {
    const dir = workspace();
    const noKeys = { DLX_AUDIT_KEY: '', DLX_DATA_KEYS: '' };
    const h = await startHarness({ dir, rootDir: dir, env: noKeys });
    try {
      await h.call('GET', '/healthz');
      const io = { env: { ...HARNESS_ENV, ...noKeys }, cwd: dir };
      const config = ['--config', join(dir, 'host.config.json')];
      const verify = await runCli(['audit', 'verify', ...config], io);
      expect({ code: verify.code, out: verify.out }).toMatchObject({
        code: 0,
        out: expect.stringContaining('audit log intact'),
      });
      const list = await runCli(['approvals', 'list', '-t', 'sandbox', ...config], io);
      expect(list).toMatchObject({ code: 0, out: 'no approvals for tenant "sandbox"' });
      expect(existsSync(join(dir, 'host.db'))).toBe(false);
    } finally {
      await h.stop();
    }
  }, 30_000);
});
