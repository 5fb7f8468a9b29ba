import { randomBytes } from 'node:crypto';
import type { ConnectorManifest } from '@dealix/connector-core';

/** API tokens of the suite's hosts: distinctive, so a scan that finds one cannot be wrong. */
export const TOKENS = {
  operator: `rs_operator_${randomBytes(16).toString('hex')}`,
  approver: `rs_approver_${randomBytes(16).toString('hex')}`,
  viewer: `rs_viewer_${randomBytes(16).toString('hex')}`,
};

const TOKEN_CONFIG = [
  { name: 'rs-operator', roles: ['operator'], tenants: ['*'], token: { env: 'RS_TOKEN_OPERATOR' } },
  { name: 'rs-approver', roles: ['approver'], tenants: ['*'], token: { env: 'RS_TOKEN_APPROVER' } },
  { name: 'rs-viewer', roles: ['viewer'], tenants: ['*'], token: { env: 'RS_TOKEN_VIEWER' } },
];

/** One connector's config for one tenant, as a test would type it. */
export interface TenantConnector {
  key: string;
  manifest: ConnectorManifest;
  config: Record<string, unknown>;
}

/** A host config and the environment it needs (secrets only ever travel in the environment). */
export interface SuiteHostConfig {
  config: Record<string, unknown>;
  env: Record<string, string>;
  /** Every secret value the host was given: config secrets, tokens, audit and data keys. */
  secrets: string[];
}

const isSecret = (manifest: ConnectorManifest, field: string) => {
  const type = manifest.config[field]?.type;
  return type === 'secret' || type === 'private_key';
};

/**
 * The config of a host serving `tenants` (tenant name → its connectors), reaching simulators on
 * loopback: secret fields as `{ env }` references (the host refuses them written in its config),
 * fresh audit and data keys, an operator, an approver and a viewer token over every tenant.
 * `unthrottled` lifts each connector's client-side limits (a manifest's suggested one call a
 * second would make a burst wait in the host's queue instead of reaching the simulator).
 */
export function suiteHostConfig(
  tenants: Record<string, readonly TenantConnector[]>,
  options: { extra?: Record<string, unknown>; unthrottled?: boolean } = {},
): SuiteHostConfig {
  const env: Record<string, string> = {
    RS_TOKEN_OPERATOR: TOKENS.operator,
    RS_TOKEN_APPROVER: TOKENS.approver,
    RS_TOKEN_VIEWER: TOKENS.viewer,
    DLX_AUDIT_KEY: randomBytes(32).toString('base64'),
    DLX_DATA_KEYS: `rs1:${randomBytes(32).toString('base64')}`,
  };
  const secrets = [...Object.values(env)];
  const tenantConfig: Record<string, Record<string, unknown>> = {};
  for (const [tenant, connectors] of Object.entries(tenants)) {
    const byKey: Record<string, Record<string, unknown>> = {};
    for (const { key, manifest, config } of connectors) {
      const values: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(config)) {
        if (!isSecret(manifest, field) || typeof value !== 'string') {
          values[field] = value;
          continue;
        }
        const name = `RS_${tenant}_${key}_${field}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
        env[name] = value;
        secrets.push(value);
        values[field] = { env: name };
      }
      byKey[key] = values;
    }
    tenantConfig[tenant] = {
      connectors: byKey,
      // The vendors are local simulators: the suite measures the host, not a vendor's quota.
      ...(options.unthrottled === true && {
        limits: Object.fromEntries(
          connectors.map((c) => [c.key, { max_concurrency: 64, max_requests_per_second: 100_000 }]),
        ),
      }),
    };
  }
  return {
    config: {
      database: 'host.db',
      egress: { allow_loopback: true },
      tenants: tenantConfig,
      tokens: TOKEN_CONFIG,
      ...options.extra,
    },
    env,
    secrets,
  };
}
