import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The gate's tests pass when run alone on a clean tree: the bin test runs the gate's own build,
// and the generated connector's tests import the testkit's.
const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

it('nx test builds the gate itself and the testkit before the gate tests run', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [require.resolve('nx/bin/nx.js'), 'test', '@dealix/connector-gate', '--graph=stdout'],
    { cwd: REPO_ROOT, env: { ...process.env, NX_DAEMON: 'false' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const tasks = Object.keys((JSON.parse(stdout) as { tasks: { tasks: object } }).tasks.tasks);
  expect(tasks).toEqual(
    expect.arrayContaining(['@dealix/connector-gate:build', '@dealix/connector-testkit:build']),
  );
}, 60_000);
