import {
  applySyncStateUpdate,
  type SyncState,
  type SyncStateUpdate,
} from '@dealix/connector-core/stores';
import type { Database, Statement } from 'better-sqlite3';
import { withStoreFailure } from '../storeFailure';
import {
  SYNC_STATE_COLUMNS,
  rowToState,
  sortStates,
  stateToRow,
  type SyncStateRow,
} from '../syncStateRows';

/**
 * The standard's IntegrationSyncState in SQLite. An update reads the row, applies core's
 * applySyncStateUpdate (the memory store's rules) and upserts the result, in one transaction;
 * the host writes behind with put() instead (syncStateWriteBehind.ts).
 */
export class SqliteSyncStateTable {
  private readonly selectRow: Statement<[string, string], SyncStateRow>;
  private readonly selectAll: Statement<[], SyncStateRow>;
  private readonly selectTenant: Statement<[string], SyncStateRow>;
  private readonly upsertRow: Statement<[SyncStateRow]>;
  private readonly updateTransaction: (
    tenant: string,
    connector: string,
    update: SyncStateUpdate,
  ) => SyncState;

  constructor(db: Database) {
    this.selectRow = db.prepare<[string, string], SyncStateRow>(
      `SELECT ${SYNC_STATE_COLUMNS} FROM sync_state WHERE tenant = ? AND connector = ?`,
    );
    this.selectAll = db.prepare<[], SyncStateRow>(`SELECT ${SYNC_STATE_COLUMNS} FROM sync_state`);
    this.selectTenant = db.prepare<[string], SyncStateRow>(
      `SELECT ${SYNC_STATE_COLUMNS} FROM sync_state WHERE tenant = ?`,
    );
    this.upsertRow = db.prepare<[SyncStateRow]>(
      `INSERT INTO sync_state (${SYNC_STATE_COLUMNS}) VALUES (@tenant, @connector, @status, ` +
        '@last_success_at, @last_attempt_at, @last_error, @consecutive_failures) ' +
        'ON CONFLICT (tenant, connector) DO UPDATE SET status = excluded.status, ' +
        'last_success_at = excluded.last_success_at, last_attempt_at = excluded.last_attempt_at, ' +
        'last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures',
    );
    const update = db.transaction(
      (tenant: string, connector: string, change: SyncStateUpdate): SyncState => {
        const row = this.selectRow.get(tenant, connector);
        const current = row === undefined ? undefined : rowToState(row);
        const next = applySyncStateUpdate(current, tenant, connector, change);
        this.upsertRow.run(stateToRow(next));
        return next;
      },
    );
    this.updateTransaction = (tenant, connector, change) =>
      update.immediate(tenant, connector, change);
  }

  update(tenant: string, connector: string, update: SyncStateUpdate): SyncState {
    return withStoreFailure('sync state', 'record an update', () =>
      this.updateTransaction(tenant, connector, update),
    );
  }

  /**
   * Writes whole states as they are (the host thread applied the updates: see
   * syncStateWriteBehind.ts). Runs inside the store worker's batch transaction.
   */
  put(states: readonly SyncState[]): void {
    withStoreFailure('sync state', `write ${states.length} state(s)`, () => {
      for (const state of states) this.upsertRow.run(stateToRow(state));
    });
  }

  get(tenant: string, connector: string): SyncState | undefined {
    const row = withStoreFailure('sync state', 'read a state', () =>
      this.selectRow.get(tenant, connector),
    );
    return row === undefined ? undefined : rowToState(row);
  }

  /** Ordered by tenant, then connector, compared as JS strings like the memory store. */
  list(tenant?: string): SyncState[] {
    const rows = withStoreFailure('sync state', 'list states', () =>
      tenant === undefined ? this.selectAll.all() : this.selectTenant.all(tenant),
    );
    return sortStates(rows.map(rowToState));
  }
}
