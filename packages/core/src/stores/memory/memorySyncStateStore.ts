import type { HealthStatus } from '../../contract/types';
import type { SyncState, SyncStateStore, SyncStateUpdate } from '../syncStateStore';

/** The standard's IntegrationSyncState per tenant and connector, in memory. */
export class MemorySyncStateStore implements SyncStateStore {
  private readonly states = new Map<string, SyncState>();

  async update(tenant: string, connector: string, update: SyncStateUpdate): Promise<SyncState> {
    const id = stateId(tenant, connector);
    const current = this.states.get(id);
    if (current !== undefined) {
      // The stored state is never handed out (every read copies it): change it in place.
      changeSyncState(current, update);
      return copyState(current);
    }
    const next = applySyncStateUpdate(undefined, tenant, connector, update);
    this.states.set(id, next);
    return copyState(next);
  }

  async get(tenant: string, connector: string): Promise<SyncState | undefined> {
    const state = this.states.get(stateId(tenant, connector));
    return state === undefined ? undefined : copyState(state);
  }

  /** Ordered by tenant, then connector. */
  async list(tenant?: string): Promise<SyncState[]> {
    return [...this.states.values()]
      .filter((state) => tenant === undefined || state.tenant === tenant)
      .sort((a, b) => compare(a.tenant, b.tenant) || compare(a.connector, b.connector))
      .map(copyState);
  }
}

/**
 * The update rules: a success resets the failure count and sets status ok; a failure counts
 * and keeps its error (status unchanged, so the board's own status rules decide it); a status
 * update sets only the status. A first record starts as degraded when it starts with a failure
 * (nothing has been seen to work), ok otherwise. last_error is kept after a success, as the
 * record of when the connector last failed.
 */
export function applySyncStateUpdate(
  current: SyncState | undefined,
  tenant: string,
  connector: string,
  update: SyncStateUpdate,
): SyncState {
  const next: SyncState =
    current === undefined
      ? {
          tenant,
          connector,
          status: initialStatus(update),
          last_success_at: null,
          last_attempt_at: null,
          last_error: null,
          consecutive_failures: 0,
        }
      : { ...current };
  changeSyncState(next, update);
  return next;
}

/** The update rules above, applied to `state` itself. */
function changeSyncState(state: SyncState, update: SyncStateUpdate): void {
  switch (update.kind) {
    case 'success':
      state.status = 'ok';
      state.last_success_at = update.at;
      state.last_attempt_at = update.at;
      state.consecutive_failures = 0;
      return;
    case 'failure':
      state.last_attempt_at = update.at;
      state.last_error = { code: update.code, message: update.message, at: update.at };
      state.consecutive_failures += 1;
      return;
    case 'status':
      state.status = update.status;
      return;
  }
}

function initialStatus(update: SyncStateUpdate): HealthStatus {
  if (update.kind === 'status') return update.status;
  return update.kind === 'failure' ? 'degraded' : 'ok';
}

/** Written out rather than spread: every call's success updates the state and gets a copy. */
function copyState(state: SyncState): SyncState {
  const error = state.last_error;
  return {
    tenant: state.tenant,
    connector: state.connector,
    status: state.status,
    last_success_at: state.last_success_at,
    last_attempt_at: state.last_attempt_at,
    last_error: error === null ? null : { code: error.code, message: error.message, at: error.at },
    consecutive_failures: state.consecutive_failures,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Tenant and connector joined without ambiguity: the tenant is prefixed with its length. */
function stateId(tenant: string, connector: string): string {
  return `${tenant.length}:${tenant}${connector}`;
}
