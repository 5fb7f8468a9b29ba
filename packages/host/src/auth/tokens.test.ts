import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode } from '@dealix/connector-core';
import { FIXTURE_WORKSPACE, TOKENS, startHarness } from '../__fixtures__/hostHarness';
import { startHost } from '../host';
import { bearerToken } from '../server/access/accessGuard';

// Item "weak tokens are refused at startup": length, unset variables, tenants; and the Bearer
// scheme in any case.
describe('API tokens at startup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlx-tokens-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function startupError(tokens: unknown[], env: NodeJS.ProcessEnv) {
    const configFile = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(
      configFile,
      JSON.stringify({
        database: join(dir, 'db.sqlite'),
        tenants: { acme: { connectors: { good_echo: {} } } },
        tokens,
      }),
    );
    const error = await startHost({
      configFile,
      rootDir: FIXTURE_WORKSPACE,
      cwd: dir,
      port: 0,
      env,
      print: () => undefined,
      logLevel: 'silent',
    }).then(
      async (host) => {
        await host.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    if (!hasErrorCode(error, 'DLX_E_CONFIG_INVALID'))
      throw new Error(`no config error: ${String(error)}`);
    return error.message;
  }

  it('refuses a token shorter than 32 characters, naming the token and never its value', async () => {
    const message = await startupError(
      [{ name: 'root', roles: ['admin'], tenants: ['*'], token: { env: 'T' } }],
      { T: 'x' },
    );
    expect(message).toContain('tokens[0] ("root"): the token has 1 characters; at least 32');
    expect(message).not.toMatch(/"x"/);
  });

  it('refuses a token whose environment variable is unset', async () => {
    const message = await startupError(
      [{ name: 'ops', roles: ['operator'], tenants: ['acme'], token: { env: 'DLX_TOKEN_OPS' } }],
      {},
    );
    expect(message).toContain('tokens[0] ("ops"): environment variable DLX_TOKEN_OPS is not set');
  });

  it('requires tenants on every token, and only configured tenants', async () => {
    const missing = await startupError(
      [{ name: 'ops', roles: ['operator'], token: { env: 'T' } }],
      { T: TOKENS.alice },
    );
    expect(missing).toContain('tokens.0.tenants');
    const unknown = await startupError(
      [{ name: 'ops', roles: ['operator'], tenants: ['globex'], token: { env: 'T' } }],
      { T: TOKENS.alice },
    );
    expect(unknown).toContain(
      'tokens[0] ("ops"): tenant "globex" is not configured (configured: acme)',
    );
  });

  it('refuses two tokens with one value', async () => {
    const message = await startupError(
      [
        { name: 'a', roles: ['viewer'], tenants: ['acme'], token: { env: 'T' } },
        { name: 'b', roles: ['admin'], tenants: ['*'], token: { env: 'T' } },
      ],
      { T: TOKENS.alice },
    );
    expect(message).toContain('tokens[1] ("b"): has the same value as token "a"');
  });
});

describe('the Bearer scheme', () => {
  it('is case-insensitive (RFC 7235) over HTTP', async () => {
    const h = await startHarness({ tenants: { acme: { connectors: { good_echo: {} } } } });
    try {
      for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
        const res = await h.call('GET', '/healthz', {
          headers: { authorization: `${scheme} ${TOKENS.vic}` },
        });
        expect([scheme, res.status]).toEqual([scheme, 200]);
      }
      expect(
        (await h.call('GET', '/healthz', { headers: { authorization: `Basic ${TOKENS.vic}` } }))
          .status,
      ).toBe(401);
    } finally {
      await h.stop();
    }
  });

  it('parses any token after the scheme in any case, and nothing else', () => {
    const token = fc.stringMatching(/^[\x21-\x7e]{1,80}$/);
    const scheme = fc
      .array(fc.boolean(), { minLength: 6, maxLength: 6 })
      .map((upper) => [...'bearer'].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));
    fc.assert(
      fc.property(scheme, token, fc.constantFrom(' ', '  ', '\t'), (s, t, gap) => {
        expect(bearerToken(`${s}${gap}${t}`)).toBe(t);
        expect(bearerToken(`Basic ${t}`)).toBeUndefined();
        expect(bearerToken(`${s}${t}`)).toBeUndefined();
      }),
    );
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
  });
});
