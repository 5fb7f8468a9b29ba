import {
  DlxError,
  type ConnectorManifest,
  type TenantConnectorConfig,
} from '@dealix/connector-core';
import type { HostConfig } from './config/hostConfig';
import { isReference, resolveValue } from './config/loadHostConfig';
import { limitSettings } from './config/tenantKitConfig';

export interface ResolvedTenants {
  tenants: TenantConnectorConfig[];
  /** Every secret value resolved (scrubbed from logs). */
  secretValues: () => string[];
  /** Rejects a secret field given literally in the config file. */
  vetConfig: (
    tenant: string,
    manifest: ConnectorManifest,
    config: Readonly<Record<string, unknown>>,
  ) => void;
}

/** Resolves env / file references of every tenant's connector config. */
export function resolveTenants(
  config: HostConfig,
  env: NodeJS.ProcessEnv,
  baseDir: string,
  /** The config file, named in errors (null: no file, sandbox mode). */
  configFile: string | null = null,
): ResolvedTenants {
  const literal = new Set<string>();
  const values: string[] = [];
  const tenants: TenantConnectorConfig[] = Object.entries(config.tenants).map(([tenant, t]) => ({
    tenant,
    ...(t.limits !== undefined && { limits: limitSettings(t.limits) }),
    ...(t.egress !== undefined && { egress: t.egress }),
    connectors: Object.fromEntries(
      Object.entries(t.connectors).map(([key, fields]) => [
        key,
        Object.fromEntries(
          Object.entries(fields).map(([field, ref]) => {
            if (!isReference(ref)) literal.add(`${tenant}/${key}/${field}`);
            const value = resolveValue(
              ref,
              env,
              baseDir,
              // The field's path in the file, as the schema's errors name it.
              `${configFile === null ? '' : `${configFile}: `}tenants.${tenant}.connectors.${key}.${field}`,
            );
            if (isReference(ref) && typeof value === 'string') values.push(value);
            return [field, value];
          }),
        ),
      ]),
    ),
  }));
  return {
    tenants,
    secretValues: () => values,
    vetConfig: (tenant, manifest, _config) => {
      for (const [field, spec] of Object.entries(manifest.config)) {
        const isSecret = spec.type === 'secret' || spec.type === 'private_key';
        if (isSecret && literal.has(`${tenant}/${manifest.connector_key}/${field}`)) {
          throw new DlxError(
            'DLX_E_CONFIG_INVALID',
            `tenant "${tenant}", connector "${manifest.connector_key}": config field "${field}" is a ${spec.type} and is written in the config file; ` +
              'give it as { "env": "VARIABLE" } or { "file": "path" } instead',
            { details: { tenant, connector: manifest.connector_key, field } },
          );
        }
      }
    },
  };
}
