import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHostConfig } from './loadHostConfig';

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
