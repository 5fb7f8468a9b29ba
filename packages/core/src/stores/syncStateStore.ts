import type { HealthStatus } from '../contract/types';

/** The standard's IntegrationSyncState, per tenant and connector. */
export interface SyncState {
  tenant: string;
  connector: string;
  status: HealthStatus;
  last_success_at: string | null;
  last_attempt_at: string | null;
  last_error: { code: string; message: string; at: string } | null;
  consecutive_failures: number;
}

export type SyncStateUpdate =
  | { kind: 'success'; at: string }
  | { kind: 'failure'; at: string; code: string; message: string }
  | { kind: 'status'; status: HealthStatus };

export interface SyncStateStore {
  update(tenant: string, connector: string, update: SyncStateUpdate): Promise<SyncState>;
  get(tenant: string, connector: string): Promise<SyncState | undefined>;
  list(tenant?: string): Promise<SyncState[]>;
}
