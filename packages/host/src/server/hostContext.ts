import type {
  ConnectorPackage,
  GovernanceRuntime,
  GovernanceStores,
  LoadedPlugin,
  StartupReport,
  TenantConnectorConfig,
} from '@dealix/connector-core';
import type { Registry } from 'prom-client';
import type { HostConfig } from '../config/hostConfig';
import type { AccessSettings } from './access/accessGuard';

/** What the HTTP routes need from the running host. */
export interface HostContext {
  runtime: GovernanceRuntime;
  stores: GovernanceStores;
  registry: Registry;
  report: StartupReport;
  plugins: readonly LoadedPlugin[];
  packages: readonly ConnectorPackage[];
  tenants: readonly TenantConnectorConfig[];
  access: AccessSettings;
  config: HostConfig;
  /** Base of the URLs vendors call (for URL-signing vendors). */
  publicBaseUrl: string;
}
