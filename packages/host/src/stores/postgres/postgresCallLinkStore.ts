import type { CallLink, CallLinkStore } from '@dealix/connector-core/stores';
import { CALL_LINK_COLUMNS, callLinkToRow, rowToCallLink, type CallLinkRow } from '../callLinkRows';
import type { PostgresDatabase } from './postgresDatabase';
import { insertSql, valuesOf } from './postgresRows';

const COLUMNS = CALL_LINK_COLUMNS.split(', ') as (keyof CallLinkRow)[];
const INSERT = insertSql('call_links', COLUMNS, { ignore: true });

/**
 * Which call created each vendor object, on PostgreSQL. The first call to name an object keeps
 * it: INSERT ... ON CONFLICT DO NOTHING on the (tenant, connector, object_id) key, whichever
 * host records it.
 */
export class PostgresCallLinkStore implements CallLinkStore {
  constructor(private readonly db: PostgresDatabase) {}

  async link(link: CallLink): Promise<void> {
    await this.db.query(
      'call link',
      'record a vendor object',
      INSERT,
      valuesOf(callLinkToRow(link), COLUMNS),
    );
  }

  async find(tenant: string, connector: string, objectId: string): Promise<CallLink | undefined> {
    const { rows } = await this.db.query<CallLinkRow>(
      'call link',
      'find a vendor object',
      `SELECT ${CALL_LINK_COLUMNS} FROM call_links WHERE tenant = $1 AND connector = $2 AND object_id = $3`,
      [tenant, connector, objectId],
    );
    return rows[0] === undefined ? undefined : rowToCallLink(rows[0]);
  }

  async prune(createdBefore: string): Promise<number> {
    return this.db.changed(
      'call link',
      'prune old links',
      'DELETE FROM call_links WHERE created_at < $1',
      [createdBefore],
    );
  }
}
