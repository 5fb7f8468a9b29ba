import { join, relative } from 'node:path';
import type { ConnectorPlugin } from '../contract/defineConnector';
import { contractProblems } from '../contract/contractCheck';
import { DlxError, isDlxError } from '../errors/dlxError';
import type { GovernanceRuntime } from '../runtime/governanceRuntime';
import type { LoadedPlugin, LoaderConfig, TenantConnectorConfig } from './loadConnectors';
import type { ConnectorPackage } from './readConnectorPackage';
import type { LoaderStage, StartupReportEntry } from './startupReport';

/** The report fields of a package's entry before its outcome is known. */
function entryBase(pkg: ConnectorPackage, config: LoaderConfig) {
  return {
    key: pkg.manifest.connector_key,
    version: pkg.version,
    package: pkg.name,
    path: relative(config.rootDir, pkg.dir) || '.',
    duration_ms: 0,
  };
}

function rejectedEntry(
  pkg: ConnectorPackage,
  config: LoaderConfig,
  stage: LoaderStage,
  error: DlxError,
): { entry: StartupReportEntry } {
  return {
    entry: {
      ...entryBase(pkg, config),
      stage,
      outcome: 'rejected',
      reason: error.message,
      code: error.code,
    },
  };
}

/**
 * Stages 5-6 of one package whose manifest passed: import the entry and check it against the
 * manifest. Synchronous, and needs no runtime: a host runs it while its stores open.
 */
export function importOne(
  pkg: ConnectorPackage,
  config: LoaderConfig,
): { entry: StartupReportEntry } | { plugin: ConnectorPlugin } {
  const key = pkg.manifest.connector_key;
  // Stage 5: import the entry; a throw is contained.
  let exported: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- plugins are CommonJS packages found at run time
    exported = (require(join(pkg.dir, pkg.main)) as { connector?: unknown }).connector;
  } catch (error) {
    return rejectedEntry(
      pkg,
      config,
      'import_entry',
      new DlxError(
        'DLX_E_LOADER_IMPORT_FAILED',
        `connector "${key}": importing ${pkg.main} threw: ${(error as Error)?.message ?? String(error)}`,
        { cause: error },
      ),
    );
  }

  // Stage 6: contract shape and identity.
  const problems = contractProblems(exported, pkg.manifest);
  if (problems.length > 0) {
    return rejectedEntry(
      pkg,
      config,
      'check_contract',
      new DlxError('DLX_E_LOADER_CONTRACT_MISMATCH', `connector "${key}": ${problems.join('; ')}`, {
        details: { problems },
      }),
    );
  }
  return { plugin: exported as ConnectorPlugin };
}

/**
 * Stages 7-8 of one package whose code passed (importOne): initialize it per tenant (bounded by
 * the runtime), and probe it (unless the first probe is off).
 */
export async function initializeOne(
  pkg: ConnectorPackage,
  plugin: ConnectorPlugin,
  runtime: GovernanceRuntime,
  config: LoaderConfig,
  allTenants: readonly TenantConnectorConfig[],
): Promise<{ entry: StartupReportEntry; plugin?: LoadedPlugin }> {
  const key = pkg.manifest.connector_key;
  const base = entryBase(pkg, config);
  const rejected = (stage: LoaderStage, error: DlxError) =>
    rejectedEntry(pkg, config, stage, error);

  // Stage 7: initialize per tenant (bounded by the runtime).
  const tenants: string[] = [];
  const failures: DlxError[] = [];
  const configured = allTenants.filter((t) => t.connectors[key] !== undefined);
  for (const t of configured) {
    try {
      config.vetConfig?.(t.tenant, pkg.manifest, t.connectors[key]!);
      await runtime.register({
        tenant: t.tenant,
        plugin,
        manifest: pkg.manifest,
        version: pkg.version,
        config: t.connectors[key]!,
        allowLoopback: config.allowLoopback ?? false,
        ...(t.limits?.[key] !== undefined && { limits: t.limits[key] }),
        ...(t.egress?.[key] !== undefined && { egress: t.egress[key] }),
      });
      tenants.push(t.tenant);
    } catch (error) {
      failures.push(
        isDlxError(error) ? error : new DlxError('DLX_E_LOADER_INITIALIZE_FAILED', String(error)),
      );
    }
  }
  if (configured.length > 0 && tenants.length === 0) {
    const first = failures[0]!;
    return rejected(
      'initialize',
      new DlxError(first.code, failures.map((f) => f.message).join('; ')),
    );
  }
  const loaded: LoadedPlugin = { pkg, plugin, tenants };
  if (configured.length === 0 || config.healthProbe === false) {
    const initFailures = failures.map((f) => f.message);
    return {
      plugin: loaded,
      entry:
        configured.length === 0
          ? {
              ...base,
              stage: 'check_contract',
              outcome: 'ready',
              reason: 'no tenant configures it',
              code: null,
            }
          : {
              ...base,
              stage: 'initialize',
              outcome: initFailures.length > 0 ? 'degraded' : 'ready',
              reason: [...initFailures, 'first health probe off'].join('; '),
              code: failures[0]?.code ?? null,
            },
    };
  }

  // Stage 8: first health probe per tenant.
  const failing: string[] = [];
  for (const tenant of tenants) {
    const probe = await runtime.probe(tenant, key);
    if (probe.status !== 'ok') failing.push(`tenant "${tenant}": ${probe.detail ?? probe.status}`);
  }
  const initFailures = failures.map((f) => f.message);
  const reasons = [...initFailures, ...failing.map((f) => `health probe failing for ${f}`)];
  return {
    plugin: loaded,
    entry: {
      ...base,
      stage: 'health_probe',
      outcome: reasons.length > 0 ? 'degraded' : 'ready',
      reason: reasons.length > 0 ? reasons.join('; ') : null,
      code: failures[0]?.code ?? null,
    },
  };
}
