import { contractProblems } from '../contract/contractCheck';
import { handlesRestrictedData, missingKeys } from '../protection/dataProtection';
import type { ConnectorPlugin } from '../contract/defineConnector';
import { initializesNothing } from '../contract/initializeNothing';
import type { Clock, ConnectorLogger } from '../contract/types';
import { DlxError } from '../errors/dlxError';
import { createGovernedHttp } from '../http';
import type { ConnectorManifest } from '../manifest';
import type { ConnectorMetrics, OperationMetrics } from '../metrics/connectorMetrics';
import type { TimeScales } from './callTiming';
import type { BreakerSettings } from './circuitBreaker';
import { boundedInitialize } from './boundedInitialize';
import { createConnectorKit, initializeContext, type ConnectorKitDeps } from './connectorKit';
import { OperationRuntimes } from './operationRuntime';
import type { RegisteredConnector } from './registeredConnector';
import {
  resolveConnectorLimits,
  suggestedLimits,
  type ConnectorLimitSettings,
} from './connectorLimits';
import { resolveTenantConfig } from './tenantConfig';

export interface RegisterRequest {
  tenant: string;
  plugin: unknown;
  manifest: ConnectorManifest;
  /** The connector's package.json version. */
  version: string;
  /** The tenant's raw config for this connector (secrets included). */
  config: Readonly<Record<string, unknown>>;
  /** Sandbox mode: loopback hosts are allowed besides allowed_hosts. */
  allowLoopback?: boolean;
  /** The tenant's own limits for this connector (host config `tenants.<t>.limits.<key>`). */
  limits?: ConnectorLimitSettings;
  /** Hosts the operator allows this tenant for host_pattern "${tenant}" fields. */
  egress?: readonly string[];
}

export interface RegisterDeps {
  clock: Clock;
  log: ConnectorLogger;
  metrics: ConnectorMetrics;
  breaker: BreakerSettings;
  /** Scale every operation's manifest times (its CallTiming). */
  scales: TimeScales;
  initializeTimeoutMs: number;
  /** Whether DLX_DATA_KEYS is set: a connector handling restricted data needs it. */
  dataKeysAvailable: boolean;
  /** Host-wide default limits per (tenant, connector). */
  limits: ConnectorLimitSettings;
  /** Whether the manifest's suggested_limits apply (the host: yes; test harnesses: no). */
  applySuggestedLimits: boolean;
  kit: ConnectorKitDeps;
}

/**
 * Turns a validated plugin and a tenant's config into an initialized instance: contract check
 * (code vs manifest), config check, ctx.http with the resolved allowlist, bounded initialize().
 */
export async function registerConnector(
  req: RegisterRequest,
  deps: RegisterDeps,
): Promise<RegisteredConnector> {
  const { manifest, tenant } = req;
  const key = manifest.connector_key;
  const problems = contractProblems(req.plugin, manifest);
  if (problems.length > 0) {
    throw new DlxError(
      'DLX_E_LOADER_CONTRACT_MISMATCH',
      `connector "${key}": code and manifest disagree: ${problems.join('; ')}`,
      { details: { problems } },
    );
  }
  const plugin = req.plugin as ConnectorPlugin;
  // Restricted data is stored sealed: without keys this instance cannot run (the others can).
  if (!deps.dataKeysAvailable && handlesRestrictedData(manifest)) throw missingKeys(key);
  const resolved = resolveTenantConfig(tenant, manifest, plugin, req.config, {
    allowLoopback: req.allowLoopback ?? false,
    ...(req.egress !== undefined && { egress: req.egress }),
  });
  const http = createGovernedHttp({
    connectorKey: key,
    allowedHosts: resolved.allowedHosts,
    allowLoopback: req.allowLoopback ?? false,
    secrets: resolved.secrets,
    conventions: plugin.http,
    now: () => deps.clock.now(),
    ...(manifest.max_response_bytes !== undefined && {
      maxResponseBytes: manifest.max_response_bytes,
    }),
    // Limits hold per attempt (the kit's CallLimiter), not per request inside one.
    maxConcurrency: Number.POSITIVE_INFINITY,
  });
  const log = deps.log;
  // The instance's live secret list: tokens acquired later join it (audit redaction reads it).
  const secrets = [...resolved.secrets];
  const instance = { tenant, key, plugin, config: resolved.config, http, clock: deps.clock, log };
  const limits = resolveConnectorLimits(
    req.limits,
    deps.applySuggestedLimits ? suggestedLimits(manifest.suggested_limits) : undefined,
    deps.limits,
  );
  const kit = createConnectorKit(
    {
      ...instance,
      secrets,
      limits,
      metrics: manifest.metrics ?? [],
      directLibraries: (manifest.direct_transports ?? []).map((t) => t.library),
    },
    deps.kit,
  );
  // A plugin defined without initialize() has no state to make: no context, no deadline.
  const state = initializesNothing(plugin)
    ? undefined
    : await boundedInitialize(
        (source) => plugin.initialize(initializeContext(instance, kit, source, deps.clock)),
        deps.initializeTimeoutMs,
        `tenant "${tenant}", connector "${key}"`,
        resolved.secrets,
      );
  // Only the metric handles now (see OperationRuntimes): the rest on each operation's first use.
  const metrics = new Map<string, OperationMetrics>();
  for (const name of Object.keys(manifest.operations)) {
    metrics.set(name, deps.metrics.forOperation(tenant, key, name));
  }
  const operations = new OperationRuntimes(
    { tenant, manifest, plugin, breaker: deps.breaker, scales: deps.scales },
    metrics,
  );
  return {
    tenant,
    key,
    version: req.version,
    manifest,
    plugin,
    config: resolved.config,
    state,
    secrets,
    http,
    log,
    operations,
    kit,
    probe: null,
  };
}
