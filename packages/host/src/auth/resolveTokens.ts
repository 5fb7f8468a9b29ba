import { randomBytes } from 'node:crypto';
import { DlxError } from '@dealix/connector-core';
import type { HostConfig } from '../config/hostConfig';
import { resolveValue } from '../config/loadHostConfig';
import { ALL_TENANTS, type TokenEntry } from './principals';

/**
 * A token shorter than this is refused at startup: short tokens can be guessed, and the log
 * scrubber would rewrite every occurrence of a one-letter token in every log line.
 */
export const MIN_TOKEN_LENGTH = 32;

const fail = (message: string, details: Record<string, unknown>) =>
  new DlxError('DLX_E_CONFIG_INVALID', message, { details });

/**
 * The config's API tokens with their values from the environment or secrets files. Refused at
 * startup, naming the token and never its value: an unset environment variable, a value shorter
 * than MIN_TOKEN_LENGTH, two tokens with one value, a tenant that is not configured.
 */
export function resolveTokens(
  config: HostConfig,
  env: NodeJS.ProcessEnv,
  baseDir: string,
  knownTenants: ReadonlySet<string>,
): TokenEntry[] {
  const seen = new Map<string, string>();
  return config.tokens.map((t, i) => {
    const where = `tokens[${i}] ("${t.name}")`;
    if ('env' in t.token && (env[t.token.env] === undefined || env[t.token.env] === '')) {
      throw fail(
        `${where}: environment variable ${t.token.env} is not set; set it or remove the token`,
        { token: t.name, env: t.token.env },
      );
    }
    const token = String(resolveValue(t.token, env, baseDir, where) ?? '');
    if (token.length < MIN_TOKEN_LENGTH) {
      throw fail(
        `${where}: the token has ${token.length} characters; at least ${MIN_TOKEN_LENGTH} are required (e.g. \`openssl rand -hex 32\`)`,
        { token: t.name, min_length: MIN_TOKEN_LENGTH },
      );
    }
    const twin = seen.get(token);
    if (twin !== undefined) {
      throw fail(`${where}: has the same value as token "${twin}"; give each token its own`, {
        token: t.name,
      });
    }
    seen.set(token, t.name);
    for (const tenant of t.tenants) {
      if (tenant !== ALL_TENANTS && !knownTenants.has(tenant)) {
        throw fail(
          `${where}: tenant "${tenant}" is not configured (configured: ${[...knownTenants].join(', ') || 'none'})`,
          { token: t.name, tenant },
        );
      }
    }
    return { name: t.name, roles: t.roles, tenants: t.tenants, token };
  });
}

/** The tokens sandbox mode makes up and prints, one per role, covering the `sandbox` tenant. */
export function sandboxTokens(): { operator: string; approver: string; viewer: string } {
  const make = (prefix: string) => `${prefix}_${randomBytes(16).toString('hex')}`;
  return { operator: make('dlx_op'), approver: make('dlx_ap'), viewer: make('dlx_vw') };
}
