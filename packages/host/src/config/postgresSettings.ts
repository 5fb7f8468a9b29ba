import type { PostgresSettings } from '../stores/postgres/postgresSettings';
import type { HostConfig } from './hostConfig';

/** The config's `postgres.*` as the stores take it; `applicationName` names the process. */
export function postgresSettingsOf(config: HostConfig, applicationName: string): PostgresSettings {
  return {
    poolMax: config.postgres.pool_max,
    statementTimeoutMs: config.postgres.statement_timeout_ms,
    connectTimeoutMs: config.postgres.connect_timeout_ms,
    ...(config.postgres.schema !== undefined && { schema: config.postgres.schema }),
    applicationName,
  };
}
