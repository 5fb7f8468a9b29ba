import type * as fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHostConfig, resolveValue } from './loadHostConfig';

// readFileSync as is, but replaceable once: root reads a file whatever its mode, so a refusal to
// read is made here rather than by chmod.
jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof fs>('node:fs');
  return { ...actual, readFileSync: jest.fn(actual.readFileSync) };
});

describe('loadHostConfig: errors name the file, the field, what was given and what is allowed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlx-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The DLX_E_CONFIG_INVALID message loading `config` gives. */
  const errorFor = (config: unknown): string => {
    const file = join(dir, 'dealix-connectors.config.json');
    writeFileSync(file, JSON.stringify(config));
    try {
      loadHostConfig(file, dir);
    } catch (error) {
      expect(error).toMatchObject({ code: 'DLX_E_CONFIG_INVALID' });
      return (error as Error).message;
    }
    throw new Error('the config was accepted');
  };
  const stripeKey = (api_key: unknown) => ({
    tenants: { acme: { connectors: { stripe: { api_key } } } },
  });

  it('says what a secret reference is when its key is misspelled', () => {
    expect(errorFor(stripeKey({ enviroment: 'ACME_STRIPE_KEY' }))).toBe(
      `${join(dir, 'dealix-connectors.config.json')}: tenants.acme.connectors.stripe.api_key: ` +
        'a secret reference is { "env": "NAME" } or { "file": "path" } (exactly one), got keys enviroment',
    );
  });

  it('says "exactly one" when a reference has both env and file', () => {
    expect(errorFor(stripeKey({ env: 'X', file: '/x' }))).toContain(
      'tenants.acme.connectors.stripe.api_key: a secret reference is { "env": "NAME" } or { "file": "path" } (exactly one), got keys env, file',
    );
  });

  it('refuses a literal token without echoing it', () => {
    const literal = 'literal-token-0123456789abcdef0123456789';
    const message = errorFor({
      tokens: [{ name: 'ops', roles: ['operator'], tenants: ['*'], token: literal }],
    });
    expect(message).toContain(
      'tokens.0.token: a token is a secret, given as { "env": "NAME" } or { "file": "path" } (exactly one), got a literal string',
    );
    expect(message).not.toContain(literal);
  });

  it('names the wrong type inside a reference and an empty database', () => {
    expect(errorFor(stripeKey({ env: 5 }))).toContain(
      'api_key: a secret reference is { "env": "NAME" } or { "file": "path" } (exactly one), got "env" as a number (it must be a string)',
    );
    expect(errorFor({ database: { envv: 'DB' } })).toContain(
      'database: the database is a SQLite file, a postgres:// URL or { "env": "NAME" } or { "file": "path" } (exactly one), got keys envv',
    );
  });
});

describe('resolveValue: a secrets file that cannot be read is a config error naming field and path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlx-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const where = 'tenants.acme.connectors.stripe.webhook_secret';

  it('refuses a directory', () => {
    expect(() => resolveValue({ file: dir }, {}, dir, where)).toThrow(
      expect.objectContaining({
        code: 'DLX_E_CONFIG_INVALID',
        message: `${where}: secrets file ${dir} is a directory; name the file that holds the secret`,
      }),
    );
  });

  it('refuses a file it may not read', () => {
    const file = join(dir, 'unreadable');
    writeFileSync(file, 'whsec_x');
    jest.mocked(readFileSync).mockImplementationOnce(() => {
      throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), {
        code: 'EACCES',
      });
    });
    expect(() => resolveValue({ file: 'unreadable' }, {}, dir, where)).toThrow(
      expect.objectContaining({
        code: 'DLX_E_CONFIG_INVALID',
        message: `${where}: secrets file ${file} cannot be read (EACCES); let the host's user read it`,
      }),
    );
  });
});
