import { z } from '@dealix/connector-core';
import semver from 'semver';
import { DEFAULT_POSTGRES_SETTINGS } from '../stores/postgres/postgresSettings';
import { tenantEgressSchema, tenantLimitsSchema } from './tenantKitConfig';

/**
 * The two shapes of a reference resolved at startup: `{ "env": "NAME" }` reads an environment
 * variable, `{ "file": "path" }` a secrets file.
 */
const envRef = z.object({ env: z.string().min(1, 'must name an environment variable') }).strict();
const fileRef = z.object({ file: z.string().min(1, 'must name a file') }).strict();
const REF_SHAPE = '{ "env": "NAME" } or { "file": "path" } (exactly one)';

/**
 * What a value that is no reference looks like, for an error message. A union that fails says
 * only "Invalid input" on its own, which left users guessing at a misspelled key. Never the
 * value itself: a string there may be a secret written into the file by mistake.
 */
export function describeRefInput(input: unknown): string {
  if (typeof input === 'string') return 'a literal string';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input !== 'object') return `a ${typeof input}`;
  const keys = Object.keys(input);
  if (keys.length === 0) return 'an empty object';
  if (keys.length === 1 && (keys[0] === 'env' || keys[0] === 'file')) {
    const value: unknown = (input as Record<string, unknown>)[keys[0]];
    return `"${keys[0]}" as ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`} (it must be a string)`;
  }
  return `keys ${keys.join(', ')}`;
}

/**
 * A config value is a literal, or a reference (`envRef`, `fileRef`). Secret config fields must
 * use a reference: a literal secret in a config file (which may be committed) is refused once
 * the manifest says which fields are secrets (tenants.ts).
 */
const valueRef = z.union([z.string(), z.number(), z.boolean(), envRef, fileRef], {
  error: (issue) =>
    issue.input !== null && typeof issue.input === 'object' && !Array.isArray(issue.input)
      ? `a secret reference is ${REF_SHAPE}, got ${describeRefInput(issue.input)}`
      : `a config value is a string, a number, a boolean or a secret reference ${REF_SHAPE}, got ${describeRefInput(issue.input)}`,
});
export type ConfigValueRef = z.infer<typeof valueRef>;

const role = z.enum(['viewer', 'operator', 'approver', 'admin']);
const tenantName = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/);
export type Role = z.infer<typeof role>;

/**
 * How long the HTTP server waits for a slow client: the request headers, the whole request
 * (headers and body), and the next request on an idle keep-alive connection. A slow client
 * answers 408 DLX_E_HOST_REQUEST_TIMEOUT.
 */
const CLIENT_TIMEOUT_DEFAULTS = {
  header_timeout_ms: 10_000,
  request_timeout_ms: 30_000,
  keep_alive_timeout_ms: 5_000,
} as const;
const CLIENT_TIMEOUTS = z.object({
  header_timeout_ms: z.number().int().positive().default(CLIENT_TIMEOUT_DEFAULTS.header_timeout_ms),
  request_timeout_ms: z
    .number()
    .int()
    .positive()
    .default(CLIENT_TIMEOUT_DEFAULTS.request_timeout_ms),
  keep_alive_timeout_ms: z
    .number()
    .int()
    .positive()
    .default(CLIENT_TIMEOUT_DEFAULTS.keep_alive_timeout_ms),
});

/**
 * An http(s) URL without query, fragment or credentials. Trailing slashes are dropped: the kit
 * gives vendors `<base>/webhooks/<tenant>/<key>` and the webhook route verifies URL-signing
 * vendors (Twilio) over `<base>` + the request path, so both must start from the same base; a
 * base ending in "/" made every genuine signature fail.
 */
const publicBaseUrlSchema = z
  .url({
    protocol: /^https?$/,
    error: (issue) => `must be an http:// or https:// URL, got ${JSON.stringify(issue.input)}`,
  })
  .refine(
    (value) => {
      const url = new URL(value);
      return url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    },
    {
      error: (issue) =>
        `must have no query, fragment or credentials (vendors append the webhook path), got ${JSON.stringify(issue.input)}`,
    },
  )
  .transform((value) => {
    const url = new URL(value);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  });

// An absent block is parsed as `{}` (`.prefault({})`), so each field's own default applies: a
// default is written once, beside its field.
export const hostConfigSchema = z
  .object({
    listen: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(4100),
      })
      .strict()
      .prefault({}),
    /** The URL vendors call for webhooks (URL-signing vendors sign it). */
    public_base_url: publicBaseUrlSchema.optional(),
    /**
     * A SQLite file (relative paths resolve against the config file's folder) or a
     * `postgres://` URL, which switches every store to PostgreSQL (several hosts share it). A
     * URL with a password is a secret: `{ "env": "NAME" }`, `{ "file": "path" }` or
     * DLX_DATABASE, never a literal here.
     */
    database: z
      .union(
        [
          z.string().min(1, 'must not be empty: a SQLite file or a postgres:// URL'),
          envRef,
          fileRef,
        ],
        {
          error: (issue) =>
            `the database is a SQLite file, a postgres:// URL or ${REF_SHAPE}, got ${describeRefInput(issue.input)}`,
        },
      )
      .default('data/dealix-connectors.db'),
    /** How this host talks to PostgreSQL (ignored for SQLite). Each host opens its own pool. */
    postgres: z
      .object({
        /** Connections this process opens at most; hosts x pool_max must fit max_connections. */
        pool_max: z.number().int().min(1).max(1_000).default(DEFAULT_POSTGRES_SETTINGS.poolMax),
        /** Longest a statement may run, lock waits included. */
        statement_timeout_ms: z
          .number()
          .int()
          .positive()
          .default(DEFAULT_POSTGRES_SETTINGS.statementTimeoutMs),
        /** Longest wait for a connection (new, or a free one from the pool). */
        connect_timeout_ms: z
          .number()
          .int()
          .positive()
          .default(DEFAULT_POSTGRES_SETTINGS.connectTimeoutMs),
        /** The schema the tables live in (created if missing); default the search_path's. */
        schema: z
          .string()
          .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier (a-z, 0-9, _)')
          .optional(),
      })
      .strict()
      .prefault({}),
    /**
     * This host's stable name in idempotency leases (DLX_HOST_ID overrides it, for one config
     * file shared by several hosts); default: a random id kept in `<database>.host-id` for
     * SQLite, a new one per start for PostgreSQL. Every host sharing one database needs its own.
     */
    host_id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1..64 letters, digits, "_", "." or "-"')
      .optional(),
    idempotency: z
      .object({
        /** How long a settled key is kept (replays, compensation). Unknown outcomes stay. */
        ttl_ms: z
          .number()
          .int()
          .positive()
          .default(24 * 3_600_000),
        /** How often settled keys past ttl_ms (and outbox events, call links past retention) are pruned. */
        prune_interval_ms: z.number().int().positive().default(600_000),
        /**
         * Added to a call's deadline to form its lease: how long after a host died mid-call
         * the other hosts wait before its keys turn outcome_unknown.
         */
        lease_margin_ms: z.number().int().nonnegative().default(30_000),
      })
      .strict()
      .prefault({}),
    tenants: z
      .record(
        tenantName,
        z
          .object({
            connectors: z.record(z.string(), z.record(z.string(), valueRef)),
            egress: tenantEgressSchema.optional(),
            limits: tenantLimitsSchema.optional(),
            /** This tenant's approval SLA (approval_sla_compliance); else approvals.sla_ms. */
            approvals: z
              .object({ sla_ms: z.number().int().positive().optional() })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .default({}),
    tokens: z
      .array(
        z
          .object({
            name: z.string().min(1),
            roles: z.array(role).min(1),
            /**
             * The tenants this token may act on or read (admin too): names, or `["*"]` for every
             * tenant, which `/metrics` and `/healthz` need. Required: no token is global by accident.
             */
            tenants: z
              .array(z.union([z.literal('*'), tenantName]))
              .min(1)
              .refine((list) => !list.includes('*') || list.length === 1, {
                message: '"*" means every tenant and stands alone',
              }),
            /** The token value comes from the environment or a secrets file, never the file itself. */
            token: z.union([envRef, fileRef], {
              error: (issue) =>
                `a token is a secret, given as ${REF_SHAPE}, got ${describeRefInput(issue.input)}${typeof issue.input === 'string' ? ' (a token is never written in the config file)' : ''}`,
            }),
          })
          .strict(),
      )
      .default([]),
    approvals: z
      .object({
        request_ttl_ms: z
          .number()
          .int()
          .positive()
          .default(24 * 3_600_000),
        grant_ttl_ms: z.number().int().positive().default(3_600_000),
        /** Decisions within this time count as within SLA (approval_sla_compliance). */
        sla_ms: z
          .number()
          .int()
          .positive()
          .default(4 * 3_600_000),
        /** approval_sla_compliance counts the requests created this long ago or later. */
        sla_window_ms: z
          .number()
          .int()
          .positive()
          .default(30 * 24 * 3_600_000),
      })
      .strict()
      .prefault({}),
    limits: z
      .object({
        max_concurrency: z.number().int().positive().default(10),
        max_requests_per_second: z.number().positive().optional(),
        webhook_body_bytes: z.number().int().positive().default(1_048_576),
        /** The largest JSON body of an API request (execute with a document, for instance). */
        api_body_bytes: z.number().int().positive().default(1_048_576),
        drain_ms: z.number().int().nonnegative().default(10_000),
        initialize_timeout_ms: z.number().int().positive().default(10_000),
        probe_interval_ms: z.number().int().positive().default(30_000),
        /**
         * Requests one connection may make (keep-alive, pipelined): then `Connection: close`.
         * Bounds what a client that pipelines and never reads can make the host do and hold.
         */
        requests_per_connection: z.number().int().positive().default(100),
        /** Open connections at once; a further one is closed as it arrives. */
        max_connections: z.number().int().positive().default(1024),
        ...CLIENT_TIMEOUTS.shape,
      })
      .strict()
      .refine((l) => l.header_timeout_ms <= l.request_timeout_ms, {
        message: 'header_timeout_ms must not be longer than request_timeout_ms',
        path: ['header_timeout_ms'],
      })
      .prefault({}),
    loader: z
      .object({
        paths: z.array(z.string()).default([]),
        allow: z.array(z.string()).optional(),
        /**
         * Versions that must not load. `name` is matched against each package's connector key
         * and its package name (a name matching neither is a note in the startup report, not an
         * error: a config shared by hosts may block a package one of them lacks). `range` is a
         * semver range; absent, every version is blocked.
         */
        block: z
          .array(
            z
              .object({
                name: z.string().min(1, 'must be a connector key or a package name'),
                // semver.satisfies is false for an unparseable range, so a typo in it blocked
                // nothing and the version meant to be blocked loaded: refused at start instead.
                range: z
                  .string()
                  .refine((range) => semver.validRange(range) !== null, {
                    error: (issue) =>
                      `must be a semver range such as <0.2.0 (leave it out to block every version), got ${JSON.stringify(issue.input)}`,
                  })
                  .optional(),
                reason: z.string().optional(),
              })
              .strict(),
          )
          .default([]),
        failure_policy: z.record(z.string(), z.enum(['abort', 'continue'])).default({}),
        strict: z.boolean().default(false),
        /**
         * false: no first health probe at start (each connector's probe state is unknown until
         * the periodic probe), so a start never waits on a vendor.
         */
        health_probe: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    audit: z
      .object({
        /** Anchors the chain outside the database: the head exported at an interval. */
        head_export: z
          .object({
            /** Replaced atomically with `{ seq, hash, at }`. */
            file: z.string().min(1).optional(),
            /** Receives a POST of `{ seq, hash, at }`. */
            url: z.string().url().optional(),
            interval_ms: z.number().int().positive().default(60_000),
          })
          .strict()
          .refine((e) => e.file !== undefined || e.url !== undefined, {
            message: 'name a file, a url or both',
          })
          .optional(),
      })
      .strict()
      .default({}),
    outbox: z
      .object({
        /** How long verified webhook events are kept for consumers (pruned on the same timer). */
        retention_ms: z
          .number()
          .int()
          .positive()
          .default(7 * 24 * 3_600_000),
      })
      .strict()
      .prefault({}),
    call_links: z
      .object({
        /**
         * How long the host remembers which call created a vendor object (a message, a voice
         * call): a webhook event about it within that time carries the call's correlation id.
         * Pruned on the same timer.
         */
        retention_ms: z
          .number()
          .int()
          .positive()
          .default(30 * 24 * 3_600_000),
      })
      .strict()
      .prefault({}),
    egress: z
      .object({
        /**
         * For tests: configured (non-sandbox) tenants' connectors may reach loopback hosts
         * (vendor simulators on 127.0.0.1) besides their allowed_hosts. Printed in the startup
         * report and shown on the board.
         */
        allow_loopback: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** Lets /healthz, /metrics and the read-only board be read without a token on loopback. */
    open_read_routes: z.boolean().default(false),
  })
  .strict();

export type HostConfig = z.output<typeof hostConfigSchema>;
