import type { HealthStatus, SyncState } from '@dealix/connector-core/stores';

/** One sync_state row (SQLite and PostgreSQL alike): last_error as JSON text. */
export interface SyncStateRow {
  tenant: string;
  connector: string;
  status: HealthStatus;
  last_success_at: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
}

export const SYNC_STATE_COLUMNS =
  'tenant, connector, status, last_success_at, last_attempt_at, last_error, consecutive_failures';

export function stateToRow(state: SyncState): SyncStateRow {
  return {
    ...state,
    last_error: state.last_error === null ? null : JSON.stringify(state.last_error),
  };
}

export function rowToState(row: SyncStateRow): SyncState {
  return {
    ...row,
    last_error:
      row.last_error === null ? null : (JSON.parse(row.last_error) as SyncState['last_error']),
  };
}

/** JS string order (what the memory store sorts by), not the database's collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ordered by tenant, then connector, compared as JS strings like the memory store. */
export function sortStates(states: SyncState[]): SyncState[] {
  return states.sort(
    (a, b) => compareText(a.tenant, b.tenant) || compareText(a.connector, b.connector),
  );
}
