import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareHostDatabase } from '../hostDatabase';
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
    const prepared = prepareHostDatabase(configured, true, {});
    expect(prepared.file).toBe(join(dir, 'data', 'sandbox.db'));
    expect(statSync(`${prepared.file}.keys`).mode & 0o777).toBe(0o600);
    expect(keyFromEnvOrFile('DLX_DATA_KEYS', {}, prepared.file)).toMatch(/^sandbox1:/);
  });
});
