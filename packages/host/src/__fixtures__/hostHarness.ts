import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startHost, type HostOptions, type RunningHost } from '../host';

export const FIXTURE_WORKSPACE = join(__dirname, 'workspace');

/** Test API tokens (at least 32 characters, as the host requires), each covering every tenant. */
export const TOKENS = {
  alice: 'tok_alice_operator_5b1f0c_0123456789abcdef',
  bob: 'tok_bob_approver_9d2e7a_0123456789abcdef',
  carol: 'tok_carol_admin_3c4d5e_0123456789abcdef',
  vic: 'tok_vic_viewer_7a8b9c_0123456789abcdef',
};

/** The harness's token config: alice operator, bob approver, carol admin, vic viewer. */
export const HARNESS_TOKENS = [
  { name: 'alice', roles: ['operator'], tenants: ['*'], token: { env: 'TOK_ALICE' } },
  { name: 'bob', roles: ['approver'], tenants: ['*'], token: { env: 'TOK_BOB' } },
  { name: 'carol', roles: ['admin'], tenants: ['*'], token: { env: 'TOK_CAROL' } },
  { name: 'vic', roles: ['viewer'], tenants: ['*'], token: { env: 'TOK_VIC' } },
];

export const FIXTURE_SECRET = 'fixture_api_key_SECRET_0a1b2c';

/** good_payments' config: its api_key from FIXTURE_API_KEY, which every harness host has. */
export const GOOD_PAYMENTS = { api_key: { env: 'FIXTURE_API_KEY' } };

/** Tenant acme with good_echo and good_payments: the set-up of most API tests. */
export const ACME_ECHO_AND_PAYMENTS = {
  acme: { connectors: { good_echo: {}, good_payments: GOOD_PAYMENTS } },
};

/** DLX_AUDIT_KEY of every harness host (base64 of 32 bytes). */
export const AUDIT_KEY_B64 = Buffer.from('host-harness-audit-key-0123456789').toString('base64');

/** The environment HARNESS_TOKENS read, and DLX_AUDIT_KEY: for a host started another way. */
export const HARNESS_ENV = {
  TOK_ALICE: TOKENS.alice,
  TOK_BOB: TOKENS.bob,
  TOK_CAROL: TOKENS.carol,
  TOK_VIC: TOKENS.vic,
  DLX_AUDIT_KEY: AUDIT_KEY_B64,
};

export interface HostHarness {
  host: RunningHost;
  dir: string;
  logs: string[];
  printed: string[];
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; json: any; text: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test responses are asserted field by field
  stop(): Promise<void>;
}

/** A host on an ephemeral port, with the fixture workspace (or another root), a temp database. */
export async function startHarness(options: {
  tenants?: Record<
    string,
    {
      connectors: Record<string, Record<string, unknown>>;
      limits?: unknown;
      egress?: unknown;
      approvals?: { sla_ms?: number };
    }
  >;
  rootDir?: string;
  extraConfig?: Record<string, unknown>;
  dir?: string;
  host?: Partial<HostOptions>;
  /** Added to the environment the host reads (token values of extra tokens). */
  env?: NodeJS.ProcessEnv;
}): Promise<HostHarness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'dlx-host-'));
  const configFile = join(dir, 'host.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      database: join(dir, 'host.db'),
      tenants: options.tenants ?? {},
      tokens: HARNESS_TOKENS,
      limits: { initialize_timeout_ms: 300 },
      ...options.extraConfig,
    }),
  );
  const logs: string[] = [];
  const printed: string[] = [];
  const removeDir = () => {
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  };
  const host = await startHost({
    configFile,
    rootDir: options.rootDir ?? FIXTURE_WORKSPACE,
    cwd: dir,
    port: 0,
    env: { ...HARNESS_ENV, FIXTURE_API_KEY: FIXTURE_SECRET, ...options.env },
    logDestination: new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    }),
    print: (l) => printed.push(l),
    ...options.host,
  }).catch((error: unknown) => {
    // A host that refused to start leaves no folder behind (tests expect such refusals).
    removeDir();
    throw error;
  });
  return {
    host,
    dir,
    logs,
    printed,
    async call(method, path, opts = {}) {
      const res = await fetch(`${host.url}${path}`, {
        method,
        headers: {
          ...(opts.token && { authorization: `Bearer ${opts.token}` }),
          ...(opts.body !== undefined && { 'content-type': 'application/json' }),
          ...opts.headers,
        },
        ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
      });
      const text = await res.text();
      let json: unknown = undefined;
      try {
        json = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: res.status, json, text };
    },
    async stop() {
      await host.close();
      removeDir();
    },
  };
}
