import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { scrubString } from '@dealix/connector-core';
import { postgresTarget } from '../stores/postgres/postgresTarget';
import { resolveDatabaseTarget } from './databaseTarget';
import { hostConfigSchema } from './hostConfig';

const PASSWORD = 'n0t-in-any-file!';
const URL_WITH_PASSWORD = `postgres://dealix:${encodeURIComponent(PASSWORD)}@db.internal:5432/connectors`;

describe('the database setting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlx-database-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = (database: unknown) => hostConfigSchema.parse({ database });
  const thrown = (run: () => unknown): Record<string, unknown> => {
    try {
      run();
    } catch (error) {
      return error as Record<string, unknown>;
    }
    throw new Error('expected an error');
  };

  it('keeps SQLite the default, a file relative to the config folder', () => {
    expect(resolveDatabaseTarget(hostConfigSchema.parse({}), {}, dir)).toEqual({
      kind: 'sqlite',
      file: join(dir, 'data/dealix-connectors.db'),
    });
  });

  it('switches to PostgreSQL for a postgres:// URL from the environment or a secrets file', () => {
    const fromEnv = resolveDatabaseTarget(
      config({ env: 'APP_DB' }),
      { APP_DB: URL_WITH_PASSWORD },
      dir,
    );
    expect(fromEnv).toMatchObject({
      kind: 'postgres',
      url: URL_WITH_PASSWORD,
      display: 'postgres://dealix@db.internal:5432/connectors',
      hasPassword: true,
    });
    writeFileSync(join(dir, 'db-url'), `${URL_WITH_PASSWORD}\n`);
    expect(resolveDatabaseTarget(config({ file: 'db-url' }), {}, dir)).toMatchObject({
      kind: 'postgres',
      url: URL_WITH_PASSWORD,
    });
    expect(
      resolveDatabaseTarget(config('x.db'), { DLX_DATABASE: URL_WITH_PASSWORD }, dir),
    ).toMatchObject({ kind: 'postgres' });
    // --database over DLX_DATABASE over the config.
    expect(
      resolveDatabaseTarget(config('x.db'), { DLX_DATABASE: URL_WITH_PASSWORD }, dir, 'y.db'),
    ).toEqual({ kind: 'sqlite', file: join(dir, 'y.db') });
  });

  it('refuses a URL with a password written into the config file, without repeating it', () => {
    const error = thrown(() => resolveDatabaseTarget(config(URL_WITH_PASSWORD), {}, dir));
    expect(error).toMatchObject({ code: 'DLX_E_CONFIG_INVALID' });
    expect(String(error.message)).toContain('{ "env": "NAME" }');
    expect(JSON.stringify(error) + String(error.message)).not.toContain(PASSWORD);
    expect(JSON.stringify(error) + String(error.message)).not.toContain(
      encodeURIComponent(PASSWORD),
    );
    // Without a password (peer or certificate authentication) the URL is no secret.
    expect(
      resolveDatabaseTarget(config('postgres://dealix@db.internal/connectors'), {}, dir),
    ).toMatchObject({ kind: 'postgres', hasPassword: false });
  });

  it('names the variable that holds no value', () => {
    const error = thrown(() => resolveDatabaseTarget(config({ env: 'APP_DB' }), {}, dir));
    expect(error).toMatchObject({ code: 'DLX_E_CONFIG_INVALID' });
    expect(String(error.message)).toContain('APP_DB');
  });

  it('shows and scrubs any password: never in the display form, gone from any text after scrubbing', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (password) => {
        const url = `postgres://app:${encodeURIComponent(password)}@db:5432/x`;
        const target = postgresTarget(url, 'database');
        expect(target.hasPassword).toBe(true);
        expect(target.display).toBe('postgres://app@db:5432/x');
        const text = `connect ${url} failed for "${password}" (${encodeURIComponent(password)})`;
        const scrubbed = scrubString(text, target.secrets);
        expect(scrubbed).not.toContain(`:${encodeURIComponent(password)}@`);
        if (password.length >= 4) expect(scrubbed).not.toContain(password);
      }),
    );
  });
});
