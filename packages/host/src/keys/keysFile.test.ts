import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareHostDatabase } from '../hostDatabase';
import { postgresTarget } from '../stores/postgres/postgresTarget';
import { keyFromEnvOrFile } from './keysFile';

// `npm start` in a fresh checkout failed: sandbox mode wrote data/sandbox.db.keys before
// anything had created data/ (ENOENT).
describe('the sandbox keys file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dlx-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("creates the database's folder when it does not exist yet, and keeps the file 0600", () => {
    const configured = join(dir, 'data', 'host.db');
    const prepared = prepareHostDatabase({ kind: 'sqlite', file: configured }, true, {}, dir);
    const file = join(dir, 'data', 'sandbox.db');
    expect(prepared.target).toEqual({ kind: 'sqlite', file });
    expect(statSync(`${file}.keys`).mode & 0o777).toBe(0o600);
    expect(keyFromEnvOrFile('DLX_DATA_KEYS', {}, file)).toMatch(/^sandbox1:/);
  });

  it('keeps sandbox mode off a configured PostgreSQL: its own SQLite file in the config folder', () => {
    const prepared = prepareHostDatabase(
      postgresTarget('postgres://app:pw@db.internal/connectors', 'database'),
      true,
      {},
      dir,
    );
    expect(prepared.target).toEqual({ kind: 'sqlite', file: join(dir, 'sandbox.db') });
    // No keys file beside a URL: keys of a PostgreSQL host come from the environment only.
    expect(keyFromEnvOrFile('DLX_DATA_KEYS', {}, undefined)).toBeUndefined();
  });
});
