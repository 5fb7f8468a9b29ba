import { randomBytes } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import type { DestinationStream } from 'pino';
import { Registry } from 'prom-client';
import {
  DlxError,
  GovernanceRuntime,
  formatStartupReport,
  loadConnectors,
  type LoadResult,
} from '@dealix/connector-core';
import { startSandbox, type Sandbox } from '@dealix/connector-testkit';
import { PrincipalDirectory, type TokenEntry } from './auth/principals';
import { loadHostConfig, resolveValue } from './config/loadHostConfig';
import { connectorLogger, createHostLogger, LogSecrets, SensitiveHeaders } from './logging';
import { buildApp, closeApp } from './server/app';
import { createSqliteStores, type SqliteStores } from './stores';
import { resolveTenants } from './tenants';

export interface HostOptions {
  /** Config file; default `dealix-connectors.config.json` in cwd when it exists. */
  configFile?: string;
  /** Workspace root searched for connector packages. Default: cwd. */
  rootDir?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Overrides listen.port (0: an ephemeral port). */
  port?: number;
  /** Overrides the database file. */
  database?: string;
  /** Fail startup on any rejected plugin. */
  strict?: boolean;
  /** false: load and report, but do not listen (the `report` command). */
  serve?: boolean;
  logDestination?: DestinationStream;
  logLevel?: string;
  /** Where the human-readable startup lines go. Default: process.stdout. */
  print?: (line: string) => void;
}

export interface RunningHost {
  url: string | null;
  load: LoadResult;
  runtime: GovernanceRuntime;
  stores: SqliteStores;
  sandbox: Sandbox | null;
  /** Tokens made up for sandbox mode, so a new user can try the approval flow. */
  sandboxTokens: { operator: string; approver: string; viewer: string } | null;
  close(): Promise<void>;
}

/**
 * Boots the platform process: config, SQLite stores, the governance runtime, plugin loading
 * (sandbox mode when no tenant is configured), the HTTP API and the board, periodic probes.
 */
export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { config, baseDir } = loadHostConfig(options.configFile ?? env.DLX_CONFIG, cwd);
  const resolved = resolveTenants(config, env, baseDir);
  const sandboxMode = resolved.tenants.length === 0;
  const sandbox = sandboxMode ? await startSandbox() : null;

  const tokens: TokenEntry[] = config.tokens.map((t) => ({
    name: t.name,
    roles: t.roles,
    token: String(resolveValue(t.token, env, baseDir, `token "${t.name}"`) ?? ''),
  }));
  const sandboxTokens = sandbox
    ? {
        operator: `dlx_op_${randomBytes(12).toString('hex')}`,
        approver: `dlx_ap_${randomBytes(12).toString('hex')}`,
        viewer: `dlx_vw_${randomBytes(12).toString('hex')}`,
      }
    : null;
  if (sandboxTokens) {
    tokens.push({ name: 'sandbox-operator', roles: ['operator'], token: sandboxTokens.operator });
    tokens.push({ name: 'sandbox-approver', roles: ['approver'], token: sandboxTokens.approver });
    tokens.push({ name: 'sandbox-viewer', roles: ['viewer'], token: sandboxTokens.viewer });
  }

  const logSecrets = new LogSecrets();
  logSecrets.add(tokens.map((t) => t.token));
  logSecrets.add(resolved.secretValues());
  const sensitiveHeaders = new SensitiveHeaders();
  const logger = createHostLogger({
    secrets: logSecrets,
    headers: sensitiveHeaders,
    ...(options.logDestination && { destination: options.logDestination }),
    ...(options.logLevel && { level: options.logLevel }),
  });

  const dbFile = options.database ?? env.DLX_DATABASE ?? config.database;
  const stores = createSqliteStores(
    isAbsolute(dbFile) || dbFile === ':memory:' ? dbFile : resolve(baseDir, dbFile),
  );
  const registry = new Registry();
  const runtime = new GovernanceRuntime({
    stores,
    metricsRegistry: registry,
    logger: connectorLogger(logger),
    approvals: {
      requestTtlMs: config.approvals.request_ttl_ms,
      grantTtlMs: config.approvals.grant_ttl_ms,
    },
    initializeTimeoutMs: config.limits.initialize_timeout_ms,
    http: {
      maxConcurrency: config.limits.max_concurrency,
      ...(config.limits.max_requests_per_second !== undefined && {
        maxRequestsPerSecond: config.limits.max_requests_per_second,
      }),
    },
  });

  const cleanup = async () => {
    await runtime.shutdown(config.limits.drain_ms);
    await stores.close();
    await sandbox?.stop();
  };
  let load: LoadResult;
  try {
    load = await loadConnectors(runtime, {
      rootDir: options.rootDir ?? cwd,
      paths: config.loader.paths,
      ...(config.loader.allow && { allow: config.loader.allow }),
      block: config.loader.block,
      failurePolicy: config.loader.failure_policy,
      strict: options.strict ?? config.loader.strict,
      // Sandbox mode shows what exists: simulators without a connector package are left out.
      tenants: sandbox
        ? (present) => [
            {
              tenant: 'sandbox',
              connectors: Object.fromEntries(
                Object.entries(sandbox.configs).filter(([k]) => present.has(k)),
              ),
            },
          ]
        : resolved.tenants,
      allowLoopback: sandboxMode,
      vetConfig: (tenant, manifest, connectorConfig) => {
        // The tenant's secret fields are known from here on: before any plugin code sees them.
        logSecrets.add(
          Object.entries(manifest.config)
            .filter(([, f]) => f.type === 'secret' || f.type === 'private_key')
            .map(([name]) => connectorConfig[name]),
        );
        resolved.vetConfig(tenant, manifest, connectorConfig);
      },
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const tenants = load.tenants;
  // Each connector names its own webhook signature header; nothing here knows any vendor's.
  for (const loaded of load.plugins)
    sensitiveHeaders.add(loaded.plugin.http.sensitiveHeaders ?? []);
  if (sandbox) {
    const missing = Object.keys(sandbox.configs).filter((k) => !(k in tenants[0]!.connectors));
    if (missing.length > 0) {
      load.report.notes.push(`sandbox: no connector package yet for ${missing.join(', ')}`);
    }
  }
  print(formatStartupReport(load.report));
  if (load.fatal) {
    await cleanup();
    throw new DlxError(
      'DLX_E_LOADER_BLOCKED',
      'startup failed: a connector was rejected in strict mode or with failure policy "abort" (see the report above)',
    );
  }
  if (options.serve === false) {
    return { url: null, load, runtime, stores, sandbox, sandboxTokens, close: cleanup };
  }

  const port = options.port ?? (env.DLX_PORT ? Number(env.DLX_PORT) : config.listen.port);
  const host = config.listen.host;
  const publicBaseUrl = config.public_base_url ?? `http://${host}:${port}`;
  const app = await buildApp(
    {
      runtime,
      stores,
      registry,
      report: load.report,
      plugins: load.plugins,
      packages: load.packages,
      tenants,
      directory: new PrincipalDirectory(tokens),
      config,
      openReads: sandboxMode || config.open_read_routes,
      publicBaseUrl,
    },
    logger,
  );
  const address = await app.listen({ host, port });
  const url = address.replace('[::1]', 'localhost');
  const probes = setInterval(
    () => void runtime.probeAll().catch(() => undefined),
    config.limits.probe_interval_ms,
  );
  probes.unref();

  print(`\nGovernance board: ${url}/board   (Arabic: ${url}/board?lang=ar)`);
  print(`Board API:        ${url}/api/v1/connectors/governance`);
  if (sandboxTokens) {
    print('\nSandbox mode: every connector runs against a local vendor simulator.');
    print(`  operator token: ${sandboxTokens.operator}`);
    print(`  approver token: ${sandboxTokens.approver}`);
    print(`  viewer token:   ${sandboxTokens.viewer}`);
  }

  let closed = false;
  return {
    url,
    load,
    runtime,
    stores,
    sandbox,
    sandboxTokens,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(probes);
      await closeApp(app); // stops accepting; in-flight requests finish first
      await cleanup();
    },
  };
}
