import type {
  ConnectorPackage,
  GovernanceRuntime,
  GovernanceStores,
  LoadedPlugin,
  StartupReport,
  TenantConnectorConfig,
} from '@dealix/connector-core';
import type { Sandbox } from '@dealix/connector-testkit';
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
  /** This process's host_id: breaker and probe columns of the board are its own view. */
  hostId: string;
  /**
   * Base of the URLs vendors call (URL-signing vendors sign it): public_base_url, else the
   * address the server listens on (set once it listens).
   */
  publicBaseUrl: string;
  /** The simulators of sandbox mode; null otherwise. */
  sandbox: Sandbox | null;
  /** Tracing is on (OTEL_* configured): API requests and webhook deliveries get spans. */
  traced?: boolean;
}
