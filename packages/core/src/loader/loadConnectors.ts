import { relative } from 'node:path';
import type { ConnectorPlugin } from '../contract/defineConnector';
import { CORE_VERSION } from '../coreVersion';
import { DlxError } from '../errors/dlxError';
import type { ConnectorLimitSettings } from '../runtime/connectorLimits';
import type { GovernanceRuntime } from '../runtime/governanceRuntime';
import { codeUnitOrder } from './codeUnitOrder';
import { discoverCandidates } from './discovery';
import { importOne, initializeOne } from './loadOne';
import {
  readConnectorPackage,
  StageError,
  type BlockRule,
  type ConnectorPackage,
} from './readConnectorPackage';
import type { LoaderStage, StartupReport, StartupReportEntry } from './startupReport';

export interface TenantConnectorConfig {
  tenant: string;
  /** Per connector key, the tenant's raw config (secrets already merged in from env/files). */
  connectors: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Per connector key, the tenant's own limits (over suggested_limits and host defaults). */
  limits?: Readonly<Record<string, ConnectorLimitSettings>>;
  /**
   * Per connector key, the hosts the operator allows for config fields whose host_pattern is
   * "${tenant}" (the tenant's own SMTP server).
   */
  egress?: Readonly<Record<string, readonly string[]>>;
}

export interface LoaderConfig {
  /** The workspace root: its workspaces and node_modules are searched. */
  rootDir: string;
  /** Extra connector package directories (relative to rootDir or absolute). */
  paths?: readonly string[];
  allow?: readonly string[];
  block?: readonly BlockRule[];
  /** Per connector key: `abort` fails startup when that plugin is rejected. Default continue. */
  failurePolicy?: Readonly<Record<string, 'abort' | 'continue'>>;
  /** Any rejection fails startup (CI). */
  strict?: boolean;
  /**
   * The tenants and their connector configs; or a function of the connector keys discovery
   * found, for a host that configures only what exists (sandbox mode).
   */
  tenants:
    | readonly TenantConnectorConfig[]
    | ((presentKeys: ReadonlySet<string>) => readonly TenantConnectorConfig[]);
  /** Sandbox or tests: loopback allowed besides allowed_hosts (said in the report's notes). */
  allowLoopback?: boolean;
  /** Why loopback is allowed, for the report's note (default "sandbox mode"). */
  loopbackReason?: string;
  /**
   * A host's own check of a tenant's config once the manifest is known (e.g. "secrets only from
   * the environment"); a throw rejects that tenant's instance like a failing initialize.
   */
  vetConfig?: (
    tenant: string,
    manifest: ConnectorPackage['manifest'],
    config: Readonly<Record<string, unknown>>,
  ) => void;
  coreVersion?: string;
  /**
   * false: no first health probe (stage 8); each instance's probe state stays unknown until the
   * host's periodic probe. For hosts whose start must not wait on vendors. Default true.
   */
  healthProbe?: boolean;
}

/** A plugin that passed the code stages, with the tenants it runs for. */
export interface LoadedPlugin {
  pkg: ConnectorPackage;
  plugin: ConnectorPlugin;
  tenants: string[];
}

export interface LoadResult {
  report: StartupReport;
  plugins: LoadedPlugin[];
  /** Every package whose manifest validated, including ones rejected at a later stage. */
  packages: ConnectorPackage[];
  /** The tenants the plugins were initialized for (resolved when given as a function). */
  tenants: readonly TenantConnectorConfig[];
  /**
   * Connector keys a tenant configures that no package found provides (a misspelled key, a
   * package not installed): each also has a note naming the keys found.
   */
  unknownConnectors: { tenant: string; key: string }[];
  /**
   * True when startup must fail: a rejection in strict mode or under an `abort` policy, or (in
   * strict mode) a configured connector no package provides.
   */
  fatal: boolean;
}

/** What the code stages left: each package to initialize, and the entries so far. */
export interface ImportedConnectors {
  readonly config: LoaderConfig;
  readonly coreVersion: string;
  /** Every package whose manifest validated, including ones rejected at a later stage. */
  readonly packages: ConnectorPackage[];
  /** Packages whose code passed, in discovery order, with their plugins. */
  readonly imported: readonly { pkg: ConnectorPackage; plugin: ConnectorPlugin }[];
  readonly tenants: readonly TenantConnectorConfig[];
  /** Entries of the packages rejected so far. */
  readonly entries: StartupReportEntry[];
  /** When each package's stages started (performance.now()), for its duration_ms. */
  readonly started: ReadonlyMap<string, number>;
}

/**
 * The loader: discovery, then per plugin the stages of docs/architecture.md in order. No plugin
 * code is imported before the first four pass; every failure is contained, reported with stage
 * and reason, and never takes the host down (unless strict or the plugin's policy says abort).
 */
export async function loadConnectors(
  runtime: GovernanceRuntime,
  config: LoaderConfig,
): Promise<LoadResult> {
  return initializeConnectors(runtime, importConnectors(config));
}

/**
 * Stages 1-6 for every package (discovery, manifest, identity, unique key, import, contract),
 * synchronously and without a runtime: a host runs them while its store worker opens the
 * database, then hands the result to initializeConnectors.
 */
export function importConnectors(config: LoaderConfig): ImportedConnectors {
  const coreVersion = config.coreVersion ?? CORE_VERSION;
  const entries: StartupReportEntry[] = [];
  const started = new Map<string, number>();
  const entry = (
    dir: string,
    stage: LoaderStage,
    outcome: StartupReportEntry['outcome'],
    info: Partial<StartupReportEntry>,
  ) => {
    const e: StartupReportEntry = {
      key: null,
      version: null,
      package: null,
      path: relative(config.rootDir, dir) || '.',
      stage,
      outcome,
      reason: null,
      code: null,
      duration_ms: Math.round(performance.now() - (started.get(dir) ?? performance.now())),
      ...info,
    };
    entries.push(e);
    return e;
  };
  const reject = (
    dir: string,
    stage: LoaderStage,
    error: DlxError,
    info: Partial<StartupReportEntry>,
  ) => entry(dir, stage, 'rejected', { ...info, reason: error.message, code: error.code });

  // Stages 1-3, per candidate: text only.
  const passed: ConnectorPackage[] = [];
  for (const c of discoverCandidates(config.rootDir, config.paths)) {
    started.set(c.dir, performance.now());
    try {
      passed.push(
        readConnectorPackage(
          c.dir,
          config.rootDir,
          {
            coreVersion,
            ...(config.allow && { allow: config.allow }),
            ...(config.block && { block: config.block }),
          },
          c.packageJson,
        ),
      );
    } catch (error) {
      if (!(error instanceof StageError)) throw error;
      reject(c.dir, error.stage, error.error, {
        key: error.partial.key ?? null,
        package: error.partial.name ?? null,
        version: error.partial.version ?? null,
      });
    }
  }

  // Stage 4: one package per key.
  const byKey = new Map<string, ConnectorPackage[]>();
  for (const p of passed)
    byKey.set(p.manifest.connector_key, [...(byKey.get(p.manifest.connector_key) ?? []), p]);
  const unique: ConnectorPackage[] = [];
  for (const [key, pkgs] of byKey) {
    if (pkgs.length === 1) {
      unique.push(pkgs[0]!);
      continue;
    }
    const names = pkgs
      .map((p) => `${p.name}@${p.version} (${relative(config.rootDir, p.dir)})`)
      .join(' and ');
    for (const p of pkgs) {
      reject(
        p.dir,
        'check_unique_key',
        new DlxError(
          'DLX_E_LOADER_DUPLICATE_KEY',
          `connector key "${key}" is declared by ${names}; remove or rename one`,
        ),
        info(p),
      );
    }
  }

  const present = new Set<string>(passed.map((p) => p.manifest.connector_key));
  for (const e of entries) if (e.key !== null) present.add(e.key);
  const tenants = typeof config.tenants === 'function' ? config.tenants(present) : config.tenants;

  // Stages 5-6: code.
  const imported: { pkg: ConnectorPackage; plugin: ConnectorPlugin }[] = [];
  for (const pkg of unique) {
    const outcome = importOne(pkg, config);
    if ('plugin' in outcome) imported.push({ pkg, plugin: outcome.plugin });
    else
      entries.push({
        ...outcome.entry,
        duration_ms: Math.round(performance.now() - started.get(pkg.dir)!),
      });
  }
  return { config, coreVersion, packages: passed, imported, tenants, entries, started };

  function info(p: ConnectorPackage): Partial<StartupReportEntry> {
    return { key: p.manifest.connector_key, package: p.name, version: p.version };
  }
}

/** Stages 7-8 of every package importConnectors passed, then the startup report. */
export async function initializeConnectors(
  runtime: GovernanceRuntime,
  done: ImportedConnectors,
): Promise<LoadResult> {
  const { config, coreVersion, tenants, started } = done;
  const entries = [...done.entries];
  const plugins: LoadedPlugin[] = [];
  for (const { pkg, plugin } of done.imported) {
    const loaded = await initializeOne(pkg, plugin, runtime, config, tenants);
    entries.push({
      ...loaded.entry,
      duration_ms: Math.round(performance.now() - started.get(pkg.dir)!),
    });
    if (loaded.plugin) plugins.push(loaded.plugin);
  }

  const notes: string[] = [];
  if (config.allowLoopback)
    notes.push(
      `${config.loopbackReason ?? 'sandbox mode'}: loopback hosts (127.0.0.0/8, localhost) are allowed besides each allowed_hosts`,
    );
  const loadedKeys = new Set(plugins.map((p) => p.pkg.manifest.connector_key));
  const found = connectorKeysFound({ packages: done.packages, report: { entries } });
  const foundKeys = new Set(found);
  const unknownConnectors: { tenant: string; key: string }[] = [];
  for (const t of tenants) {
    for (const [key, hosts] of Object.entries(t.egress ?? {})) {
      notes.push(
        `tenant "${t.tenant}" lets connector "${key}" reach ${hosts.join(', ')} (tenants.${t.tenant}.egress.${key})`,
      );
    }
    for (const key of Object.keys(t.connectors)) {
      if (loadedKeys.has(key)) continue;
      if (foundKeys.has(key)) {
        // Its package's row says why (rejected at some stage).
        notes.push(`tenant "${t.tenant}" configures connector "${key}", which did not load`);
        continue;
      }
      // No row says anything about a key no package declares: without this line a misspelled
      // key looked like one more connector that "did not load".
      unknownConnectors.push({ tenant: t.tenant, key });
      const near = closestKey(key, found);
      notes.push(
        `tenant "${t.tenant}" configures connector "${key}", which no connector package found provides (connector keys found: ${found.join(', ') || 'none'})${near === undefined ? '' : `; did you mean "${near}"?`}`,
      );
    }
  }
  const rejected = entries.filter((e) => e.outcome === 'rejected');
  const fatal =
    (config.strict === true && unknownConnectors.length > 0) ||
    (rejected.length > 0 &&
      (config.strict === true ||
        rejected.some((e) => e.key !== null && config.failurePolicy?.[e.key] === 'abort')));
  entries.sort((a, b) => codeUnitOrder(a.key ?? a.path, b.key ?? b.path));
  return {
    report: { core_version: coreVersion, entries, notes },
    plugins,
    packages: done.packages,
    tenants,
    unknownConnectors,
    fatal,
  };
}

/**
 * The connector keys of every package a load found, loaded or not: its packages' and those its
 * report names (a package rejected before its manifest validated, a blocked one among them), in
 * code-unit order. Hosts name them in notes about a key nothing provides.
 */
export function connectorKeysFound(
  load: Pick<LoadResult, 'packages'> & { report: Pick<LoadResult['report'], 'entries'> },
): string[] {
  const keys = new Set<string>(load.packages.map((p) => p.manifest.connector_key));
  for (const e of load.report.entries) if (e.key !== null) keys.add(e.key);
  return [...keys].sort(codeUnitOrder);
}

/** The found key nearest to a misspelled one (edit distance at most 2 and under half its length). */
function closestKey(key: string, found: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.ceil(key.length / 2) - 1);
  for (const candidate of found) {
    const d = editDistance(key, candidate);
    if (d <= bestDistance) [best, bestDistance] = [candidate, d - 1];
  }
  return best;
}

/** Levenshtein distance; keys are short, so the plain two-row table is cheap enough. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
