import {
  applySyncStateUpdate,
  type SyncState,
  type SyncStateStore,
  type SyncStateUpdate,
} from '@dealix/connector-core/stores';
import {
  SYNC_STATE_COLUMNS,
  rowToState,
  sortStates,
  stateToRow,
  type SyncStateRow,
} from '../syncStateRows';
import type { PostgresDatabase } from './postgresDatabase';
import { insertSql, valuesOf } from './postgresRows';

const COLUMNS = SYNC_STATE_COLUMNS.split(', ') as (keyof SyncStateRow)[];
const SELECT = `SELECT ${SYNC_STATE_COLUMNS} FROM sync_state`;
const UPSERT = insertSql('sync_state', COLUMNS, { upsertOn: ['tenant', 'connector'] });
const INSERT_FIRST = insertSql('sync_state', COLUMNS, { ignore: true });

/**
 * The standard's IntegrationSyncState on PostgreSQL: one row per (tenant, connector) that every
 * host updates and serves, so the board's last success, attempt and error are the same from any
 * host. An update reads the row under its lock, applies core's applySyncStateUpdate and writes
 * the result in one transaction; the first update of a pair inserts it, and should another host
 * insert it first, reads it again under the lock.
 */
export class PostgresSyncStateStore implements SyncStateStore {
  constructor(private readonly db: PostgresDatabase) {}

  update(tenant: string, connector: string, update: SyncStateUpdate): Promise<SyncState> {
    return this.db.transaction('sync state', 'record an update', async (client) => {
      for (;;) {
        const { rows } = await client.query<SyncStateRow>(
          `${SELECT} WHERE tenant = $1 AND connector = $2 FOR UPDATE`,
          [tenant, connector],
        );
        const current = rows[0] === undefined ? undefined : rowToState(rows[0]);
        const next = applySyncStateUpdate(current, tenant, connector, update);
        const values = valuesOf(stateToRow(next), COLUMNS);
        if (current !== undefined) {
          await client.query(UPSERT, values);
          return next;
        }
        // No row yet: insert it, unless another host just did (then lock theirs and apply).
        const inserted = await client.query(INSERT_FIRST, values);
        if (inserted.rowCount === 1) return next;
      }
    });
  }

  async get(tenant: string, connector: string): Promise<SyncState | undefined> {
    const { rows } = await this.db.query<SyncStateRow>(
      'sync state',
      'read a state',
      `${SELECT} WHERE tenant = $1 AND connector = $2`,
      [tenant, connector],
    );
    return rows[0] === undefined ? undefined : rowToState(rows[0]);
  }

  async list(tenant?: string): Promise<SyncState[]> {
    const { rows } = await this.db.query<SyncStateRow>(
      'sync state',
      'list states',
      `${SELECT} WHERE $1::text IS NULL OR tenant = $1`,
      [tenant ?? null],
    );
    return sortStates(rows.map(rowToState));
  }
}
