import { resolve } from 'node:path';
import type { DestinationStream } from 'pino';
import { Registry } from 'prom-client';
import {
  DlxError,
  GovernanceRuntime,
  formatStartupReport,
  importConnectors,
  initializeConnectors,
  type ImportedConnectors,
  type LoadResult,
} from '@dealix/connector-core';
import type { Sandbox } from '@dealix/connector-testkit';
import { PrincipalDirectory } from './auth/principals';
import { resolveTokens, sandboxTokens as makeSandboxTokens } from './auth/resolveTokens';
import {
  describeDatabase,
  resolveDatabaseTarget,
  sqliteFileOf,
  type DatabaseTarget,
} from './config/databaseTarget';
import type { HostConfig } from './config/hostConfig';
import { loadHostConfig } from './config/loadHostConfig';
import { listenPortOf } from './config/listenPort';
import { postgresSettingsOf } from './config/postgresSettings';
import { prepareHostDatabase } from './hostDatabase';
import { leaseHolderFor } from './hostIdentity';
import { hostLoaderConfig, SANDBOX_TENANT, unmatchedBlockRuleNotes } from './hostLoaderConfig';
import { connectorLogger, createHostLogger, LogSecrets, SensitiveHeaders } from './logging';
import { checkHeadExportFile, startHeadExport } from './auditHeadExport';
import { startMaintenance, type Maintenance } from './maintenance';
import type { ScopedRoute } from './server/access/routeScope';
import type { HostContext } from './server/hostContext';
import type * as AppModule from './server/app';
import type { HostStores } from './stores/hostStores';
import { openHostStores } from './stores/openHostStores';
import { sandboxKit } from './sandboxKit';
import { resolveTenants } from './tenants';
import { startHostTracing } from './tracing/hostTracing';
import { tracingSettingsFrom } from './tracing/otelEnv';

export { SANDBOX_TENANT };

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
  /**
   * false: load and report, but do not listen (the `report` command). A rejection that would fail
   * a start (strict, or an `abort` policy) is then returned in `load.fatal`, not thrown, so the
   * caller still has the report to show.
   */
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
  stores: HostStores;
  /** This process in idempotency leases (and on the board: breaker and probe are its own). */
  hostId: string;
  sandbox: Sandbox | null;
  /** Tokens made up for sandbox mode, so a new user can try the approval flow. */
  sandboxTokens: { operator: string; approver: string; viewer: string } | null;
  /** Every route served, with its declared access scope (empty when not serving). */
  routes: readonly ScopedRoute[];
  /** limits.drain_ms: close() finishes within it, plus the plugins' own shutdown. */
  drainMs: number;
  /** The pruning timer (null when not serving). */
  maintenance: Maintenance | null;
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
  const {
    config,
    baseDir,
    file: configFile,
  } = loadHostConfig(options.configFile ?? env.DLX_CONFIG, cwd);
  const resolved = resolveTenants(config, env, baseDir, configFile);
  const headExportFile =
    config.audit.head_export?.file === undefined
      ? undefined
      : resolve(baseDir, config.audit.head_export.file);
  if (headExportFile !== undefined) checkHeadExportFile(headExportFile, configFile);
  // Read first: a bad OTEL_* value stops the start before anything is opened.
  const tracingSettings = tracingSettingsFrom(env);
  // Checked before anything is opened: a bad port used to fail at listen, after the sandbox
  // database had been recreated and the simulators started.
  const listenPort =
    options.serve === false ? undefined : listenPortOf(options.port, env, config.listen.port);
  const sandboxMode = resolved.tenants.length === 0;
  const tokens = resolveTokens(
    config,
    env,
    baseDir,
    new Set(sandboxMode ? [SANDBOX_TENANT] : resolved.tenants.map((t) => t.tenant)),
  );
  const configured = resolveDatabaseTarget(config, env, baseDir, options.database);
  const hostDb = prepareHostDatabase(
    configured,
    sandboxMode,
    env,
    baseDir,
    options.serve !== false,
  );
  const database = hostDb.target;
  const leaseHolder = leaseHolderFor(sqliteFileOf(database), config.host_id, env);
  const sandbox = sandboxMode ? await sandboxKit().startSandbox() : null;
  // What a sandbox start holds beyond the stores, given up on every way out.
  const stopSandbox = async () => {
    await sandbox?.stop();
    hostDb.release();
  };
  const sandboxTokens = sandbox ? makeSandboxTokens() : null;
  if (sandboxTokens) {
    const tenants = [SANDBOX_TENANT];
    tokens.push(
      { name: 'sandbox-operator', roles: ['operator'], tenants, token: sandboxTokens.operator },
      { name: 'sandbox-approver', roles: ['approver'], tenants, token: sandboxTokens.approver },
      { name: 'sandbox-viewer', roles: ['viewer'], tenants, token: sandboxTokens.viewer },
    );
  }

  const logSecrets = new LogSecrets();
  logSecrets.add(tokens.map((t) => t.token));
  logSecrets.add(resolved.secretValues());
  // The keys themselves never reach a log line either; nor does a database URL's password.
  logSecrets.add([env.DLX_AUDIT_KEY, env.DLX_DATA_KEYS].filter((v): v is string => !!v));
  if (configured.kind === 'postgres') logSecrets.add(configured.secrets);
  // OTLP header values (a collector's API key) too.
  logSecrets.add(Object.values(tracingSettings?.headers ?? {}));
  const sensitiveHeaders = new SensitiveHeaders();
  const logger = createHostLogger({
    secrets: logSecrets,
    headers: sensitiveHeaders,
    ...(options.logDestination && { destination: options.logDestination }),
    ...(options.logLevel && { level: options.logLevel }),
  });

  const loaderConfig = hostLoaderConfig({
    config,
    rootDir: options.rootDir ?? cwd,
    strict: options.strict,
    sandbox,
    resolved,
    logSecrets,
  });

  // SQLite lives in a worker thread (no commit or lock wait blocks this event loop);
  // PostgreSQL is a bounded pool of this process's own.
  const opening = openHostStores(database, {
    auditKey: hostDb.auditKey,
    postgres: postgresSettingsOf(config, `dealix-connectors ${leaseHolder.host_id}`),
    onFailure: (error) =>
      database.kind === 'sqlite'
        ? logger.error(
            { code: error.code, details: error.details },
            `${error.message} Restart the host.`,
          )
        : logger.warn({ code: error.code, details: error.details }, error.message),
  });
  // Awaited below; until then a failure to open is this start's to report, not unhandled.
  opening.catch(() => undefined);
  let imported: ImportedConnectors | undefined;
  let importError: unknown;
  try {
    // The loader's stages 1-6 (manifests, imports, contract checks) need no stores: they run
    // on this thread while the store worker opens the database and migrates it on the other.
    imported = importConnectors(loaderConfig);
  } catch (error) {
    importError = error;
  }
  // fastify and the routes: loaded here, also while the database opens; never by `report`.
  const appModule =
    options.serve === false
      ? undefined
      : // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when serving (see above)
        (require('./server/app') as typeof AppModule);
  let stores: HostStores;
  try {
    stores = await opening;
  } catch (error) {
    await stopSandbox();
    throw error;
  }
  if (imported === undefined) {
    await stores.close();
    await stopSandbox();
    throw importError;
  }
  const registry = new Registry();
  const runtime = new GovernanceRuntime({
    stores,
    metricsRegistry: registry,
    logger: connectorLogger(logger),
    ...(hostDb.dataKeys && { dataKeys: hostDb.dataKeys }),
    idempotencyTtlMs: config.idempotency.ttl_ms,
    outboxRetentionMs: config.outbox.retention_ms,
    callLinkRetentionMs: config.call_links.retention_ms,
    leaseHolder,
    leaseMarginMs: config.idempotency.lease_margin_ms,
    approvals: {
      requestTtlMs: config.approvals.request_ttl_ms,
      grantTtlMs: config.approvals.grant_ttl_ms,
    },
    initializeTimeoutMs: config.limits.initialize_timeout_ms,
    // Tokens connectors acquire (ctx.token()) are secrets too: logs never show them.
    onSecret: (value) => logSecrets.add([value]),
    ...(config.public_base_url !== undefined && { publicBaseUrl: config.public_base_url }),
    // Host-wide defaults; a manifest's suggested_limits and each tenant's own limits go over them.
    limits: {
      maxConcurrency: config.limits.max_concurrency,
      ...(config.limits.max_requests_per_second !== undefined && {
        maxRequestsPerSecond: config.limits.max_requests_per_second,
      }),
    },
    applySuggestedLimits: true,
  });

  const cleanup = async (drainMs = config.limits.drain_ms, beforeClose?: () => Promise<void>) => {
    await runtime.shutdown(drainMs);
    await beforeClose?.();
    await stores.close();
    await stopSandbox();
    // Last: the spans of the drain and shutdown are exported too.
    await tracing.shutdown();
  };
  // Started once cleanup can stop it; no call runs before the server listens.
  const tracing = startHostTracing(tracingSettings);
  let load: LoadResult;
  try {
    // This host's calls in flight when it last stopped are unknown outcomes now, at once;
    // those still queued then (never sent) are released, so a repeat runs them.
    const orphaned = await runtime.recoverOrphanedLeases();
    if (orphaned.unknown > 0) {
      logger.warn(
        { orphaned: orphaned.unknown },
        'calls in flight at the last stop are now unknown outcomes',
      );
    }
    if (orphaned.released > 0) {
      logger.info(
        { released: orphaned.released },
        'calls still queued at the last stop were never sent: their keys are released',
      );
    }
    load = await initializeConnectors(runtime, imported);
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
  load.report.notes.push(
    ...unmatchedBlockRuleNotes(config.loader.block, load),
    ...hostDb.notes,
    databaseNote(database, leaseHolder.host_id, config),
  );
  if (tracing.note !== undefined) load.report.notes.push(tracing.note);
  print(formatStartupReport(load.report));
  if (options.serve === false) {
    return {
      url: null,
      load,
      runtime,
      stores,
      hostId: leaseHolder.host_id,
      sandbox,
      sandboxTokens,
      routes: [],
      drainMs: config.limits.drain_ms,
      maintenance: null,
      close: () => cleanup(),
    };
  }
  if (load.fatal) {
    await cleanup();
    throw new DlxError(
      'DLX_E_LOADER_BLOCKED',
      'startup failed: a connector was rejected in strict mode or with failure policy "abort", or in strict mode a tenant configures a connector no package provides (see the report above)',
    );
  }

  const host = config.listen.host;
  // Serving: listenPortOf gave it above.
  const port = listenPort!;
  const context: HostContext = {
    runtime,
    stores,
    registry,
    report: load.report,
    plugins: load.plugins,
    packages: load.packages,
    tenants,
    access: {
      directory: new PrincipalDirectory(tokens),
      openReads: sandboxMode || config.open_read_routes,
      publicHost: config.public_base_url ? new URL(config.public_base_url).host : null,
      tenants: new Set(tenants.map((t) => t.tenant)),
    },
    config,
    hostId: leaseHolder.host_id,
    publicBaseUrl: config.public_base_url ?? `http://${host}:${port}`,
    sandbox,
    traced: tracing.active,
  };
  const { app, routes, drain } = await appModule!.buildApp(context, logger);
  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (error) {
    // The sandbox's simulators, the store worker and the sandbox claim were started for a host
    // that will not serve: left open, they kept the process alive after the error.
    await app.close().catch(() => undefined);
    await cleanup(0);
    throw listenError(error, host, port);
  }
  const url = address.replace('[::1]', 'localhost');
  // With port 0 the real port is known only now: vendors' URLs (ctx.webhookUrl()) must name it.
  if (config.public_base_url === undefined) {
    context.publicBaseUrl = url;
    runtime.setPublicBaseUrl(url);
  }
  const probes = setInterval(
    () => void runtime.probeAll().catch(() => undefined),
    config.limits.probe_interval_ms,
  );
  probes.unref();
  const maintenance = startMaintenance(runtime, config.idempotency.prune_interval_ms, logger);
  const exportCfg = config.audit.head_export;
  const headExport =
    exportCfg === undefined
      ? null
      : startHeadExport(
          stores.audit,
          {
            interval_ms: exportCfg.interval_ms,
            ...(headExportFile !== undefined && { file: headExportFile }),
            ...(exportCfg.url !== undefined && { url: exportCfg.url }),
          },
          logger,
        );

  print(`\nGovernance board: ${url}/board   (Arabic: ${url}/board?lang=ar)`);
  print(`Board API:        ${url}/api/v1/connectors/governance`);
  if (sandboxTokens) {
    print('\nSandbox mode: every connector runs against a local vendor simulator.');
    print(`  operator token: ${sandboxTokens.operator}   (calls; sandbox show / trigger)`);
    print(`  approver token: ${sandboxTokens.approver}   (grants and denials)`);
    print(`  viewer token:   ${sandboxTokens.viewer}   (reads: approvals, events)`);
    print('Simulators, webhook secrets and signed test deliveries:');
    print(`  npx dealix-connectors sandbox show --url ${url} --token <operator token>`);
    const example = runtime
      .registered(SANDBOX_TENANT)
      .find((rc) => (rc.manifest.webhook_events ?? []).length > 0);
    if (example) {
      const event = example.manifest.webhook_events![0]!;
      print(
        `  npx dealix-connectors sandbox trigger ${example.key} ${event} --url ${url} --token <operator token>`,
      );
    }
  }

  let closed = false;
  return {
    url,
    load,
    runtime,
    stores,
    hostId: leaseHolder.host_id,
    sandbox,
    sandboxTokens,
    routes,
    drainMs: config.limits.drain_ms,
    maintenance,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(probes);
      maintenance.stop();
      // One drain_ms for the whole stop: the HTTP drain, then what is left for the runtime.
      const started = Date.now();
      // First: calls still waiting for a slot answer 503 now (nothing sent, key released), while
      // their connections are open, instead of being cut at the end of the drain and left as
      // unknown outcomes.
      const shed = runtime.stopAccepting();
      if (shed > 0) logger.info({ calls: shed }, 'stopping: calls waiting for a slot refused');
      await drain.close(app, config.limits.drain_ms);
      // The last head goes out after the last call is recorded, before the database closes.
      await cleanup(Math.max(0, config.limits.drain_ms - (Date.now() - started)), async () => {
        await headExport?.stop();
      });
    },
  };
}

/** A listen that failed for a reason the operator can fix, as one line naming the address. */
function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const details = { address, code };
  if (code === 'EADDRINUSE') {
    return new DlxError(
      'DLX_E_CONFIG_INVALID',
      `${address} is in use: another process listens there; stop it, or give another port (--port, DLX_PORT or listen.port)`,
      { details, cause: error },
    );
  }
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return new DlxError(
      'DLX_E_CONFIG_INVALID',
      `cannot listen on ${address} (listen.host and the port): ${(error as Error).message}`,
      { details, cause: error },
    );
  }
  return error;
}

/** The startup report's line on the database: which one, and what this host is called there. */
function databaseNote(database: DatabaseTarget, hostId: string, config: HostConfig): string {
  if (database.kind === 'sqlite') {
    return `database: SQLite ${describeDatabase(database)} (host_id ${hostId})`;
  }
  const pool = `pool ${config.postgres.pool_max}, statement timeout ${config.postgres.statement_timeout_ms} ms`;
  return `database: PostgreSQL ${describeDatabase(database)}${config.postgres.schema ? ` schema ${config.postgres.schema}` : ''} (host_id ${hostId}; ${pool}): idempotency, approvals, audit, sync state and the outbox are shared with every host of this database; breakers, limits and probes are this process's own`;
}
