import {
  applySyncStateUpdate,
  type SyncState,
  type SyncStateStore,
  type SyncStateUpdate,
} from '@dealix/connector-core/stores';
import type pg from 'pg';
import {
  SYNC_STATE_COLUMNS,
  compareText,
  rowToState,
  sortStates,
  stateToRow,
  type SyncStateRow,
} from '../syncStateRows';
import { GroupWriter } from './groupWriter';
import type { PostgresDatabase } from './postgresDatabase';
import { insertSql, valuesOf } from './postgresRows';

const COLUMNS = SYNC_STATE_COLUMNS.split(', ') as (keyof SyncStateRow)[];
const SELECT = `SELECT ${SYNC_STATE_COLUMNS} FROM sync_state`;
const UPSERT = insertSql('sync_state', COLUMNS, { upsertOn: ['tenant', 'connector'] });
const INSERT_FIRST = insertSql('sync_state', COLUMNS, { ignore: true });
/** Updates one host writes in one transaction at most. */
const MAX_GROUP = 1_000;

interface Update {
  tenant: string;
  connector: string;
  update: SyncStateUpdate;
}

/**
 * The standard's IntegrationSyncState on PostgreSQL: one row per (tenant, connector) that every
 * host updates and serves, so the board's last success, attempt and error are the same from any
 * host. Every call of a connector updates its row, so the row is hot: a host gathers the updates
 * made while its previous group committed and applies them as one group (core's
 * applySyncStateUpdate, in call order) under the rows' locks, taken in a fixed order so two
 * hosts never deadlock, in one transaction. The first update of a pair inserts its row; should
 * another host insert it first, this one locks theirs and applies on top.
 */
export class PostgresSyncStateStore implements SyncStateStore {
  private readonly groups: GroupWriter<Update, SyncState>;

  constructor(private readonly db: PostgresDatabase) {
    this.groups = new GroupWriter((updates) => this.writeGroup(updates), MAX_GROUP);
  }

  update(tenant: string, connector: string, update: SyncStateUpdate): Promise<SyncState> {
    return this.groups.submit({ tenant, connector, update });
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

  /** Resolves once every update made so far has committed or failed. */
  flushed(): Promise<void> {
    return this.groups.flushed();
  }

  private writeGroup(updates: Update[]): Promise<SyncState[]> {
    const pairs = [...new Set(updates.map((u) => JSON.stringify([u.tenant, u.connector])))]
      .map((pair) => JSON.parse(pair) as [string, string])
      .sort(([t1, c1], [t2, c2]) => compareText(t1, t2) || compareText(c1, c2));
    return this.db.transaction(
      'sync state',
      `record ${updates.length} update(s)`,
      async (client) => {
        const results = new Map<Update, SyncState>();
        for (const [tenant, connector] of pairs) {
          const mine = updates.filter((u) => u.tenant === tenant && u.connector === connector);
          await applyToRow(client, tenant, connector, mine, results);
        }
        return updates.map((u) => results.get(u)!);
      },
    );
  }
}

/** Applies the pair's updates in order on its locked row (inserting it when it is new). */
async function applyToRow(
  client: pg.PoolClient,
  tenant: string,
  connector: string,
  updates: Update[],
  results: Map<Update, SyncState>,
): Promise<void> {
  for (;;) {
    const { rows } = await client.query<SyncStateRow>(
      `${SELECT} WHERE tenant = $1 AND connector = $2 FOR UPDATE`,
      [tenant, connector],
    );
    const current = rows[0] === undefined ? undefined : rowToState(rows[0]);
    let state = current;
    for (const u of updates) {
      state = applySyncStateUpdate(state, tenant, connector, u.update);
      results.set(u, state);
    }
    const values = valuesOf(stateToRow(state!), COLUMNS);
    if (current !== undefined) {
      await client.query(UPSERT, values);
      return;
    }
    // No row yet: insert it, unless another host just did (then lock theirs and apply again).
    if ((await client.query(INSERT_FIRST, values)).rowCount === 1) return;
  }
}
