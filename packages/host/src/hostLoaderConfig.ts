import { connectorKeysFound, type LoadResult, type LoaderConfig } from '@dealix/connector-core';
import type { Sandbox } from '@dealix/connector-testkit';
import type { HostConfig } from './config/hostConfig';
import type { LogSecrets } from './logging';
import type { ResolvedTenants } from './tenants';

/** The tenant sandbox mode registers every connector under; its tokens cover only it. */
export const SANDBOX_TENANT = 'sandbox';

/** What the host's loader is told: the config's loader.* and egress, and the tenants. */
export function hostLoaderConfig(from: {
  config: HostConfig;
  /** The workspace root searched for connector packages. */
  rootDir: string;
  /** The `--strict` option, over loader.strict. */
  strict: boolean | undefined;
  /** Sandbox mode's simulators (no tenant configured), else null. */
  sandbox: Sandbox | null;
  resolved: ResolvedTenants;
  /** Told each tenant's secret values before any plugin code sees them. */
  logSecrets: LogSecrets;
}): LoaderConfig {
  const { config, sandbox, resolved, logSecrets } = from;
  return {
    rootDir: from.rootDir,
    paths: config.loader.paths,
    ...(config.loader.allow && { allow: config.loader.allow }),
    block: config.loader.block,
    failurePolicy: config.loader.failure_policy,
    strict: from.strict ?? config.loader.strict,
    healthProbe: config.loader.health_probe,
    // Sandbox mode shows what exists: simulators without a connector package are left out.
    tenants: sandbox
      ? (present) => [
          {
            tenant: SANDBOX_TENANT,
            connectors: Object.fromEntries(
              Object.entries(sandbox.configs).filter(([k]) => present.has(k)),
            ),
          },
        ]
      : resolved.tenants,
    allowLoopback: sandbox !== null || config.egress.allow_loopback,
    loopbackReason: sandbox !== null ? 'sandbox mode' : 'egress.allow_loopback (tests only)',
    vetConfig: (tenant, manifest, connectorConfig) => {
      // The tenant's secret fields are known from here on: before any plugin code sees them.
      logSecrets.add(
        Object.entries(manifest.config)
          .filter(([, f]) => f.type === 'secret' || f.type === 'private_key')
          .map(([name]) => connectorConfig[name]),
      );
      resolved.vetConfig(tenant, manifest, connectorConfig);
    },
  };
}

/**
 * A startup report note per `loader.block` rule whose name matches no package found (by
 * connector key or package name): it blocks nothing here. A note, not an error: one config file
 * may serve hosts with different packages installed, and a rule for a package that is absent is
 * harmless. But a misspelled name ("stripee") silently let the version it meant to block load.
 */
export function unmatchedBlockRuleNotes(
  block: HostConfig['loader']['block'],
  load: Pick<LoadResult, 'packages' | 'report'>,
): string[] {
  const found = connectorKeysFound(load);
  // Packages rejected before their manifest validated (a blocked one among them) count too.
  const names = new Set<string>(load.packages.map((p) => p.name));
  for (const e of load.report.entries) if (e.package !== null) names.add(e.package);
  return block.flatMap((rule, i) =>
    found.includes(rule.name) || names.has(rule.name)
      ? []
      : [
          `loader.block[${i}]: "${rule.name}" matches no connector key or package name found, so it blocks nothing (connector keys found: ${found.join(', ') || 'none'}); check its spelling, or ignore this if that package is not installed here`,
        ],
  );
}
