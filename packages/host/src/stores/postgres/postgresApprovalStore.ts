import {
  APPROVAL_PATCH_FIELDS,
  type ApprovalPatch,
  type ApprovalRecord,
  type ApprovalStatus,
  type ApprovalStore,
} from '@dealix/connector-core/stores';
import {
  APPROVAL_COLUMNS,
  APPROVAL_ORDER,
  approvalToRow,
  duplicateApproval,
  rowToApproval,
  type ApprovalRow,
} from '../approvalRows';
import type { PostgresDatabase } from './postgresDatabase';
import { insertSql, valuesOf } from './postgresRows';

const COLUMNS = APPROVAL_COLUMNS.split(', ') as (keyof ApprovalRow)[];
const INSERT = insertSql('approvals', COLUMNS, { ignore: true });
const SELECT = `SELECT ${APPROVAL_COLUMNS} FROM approvals`;
// Only the fields a patch may carry: an id, tenant or digest can never be rewritten.
const UPDATE_FROM =
  'UPDATE approvals SET ' +
  APPROVAL_PATCH_FIELDS.map((field, i) => `${field} = COALESCE($${i + 4}, ${field})`).join(', ') +
  ' WHERE tenant = $1 AND id = $2 AND status = $3';

/**
 * Approval requests on PostgreSQL. A transition is one `UPDATE ... WHERE tenant AND id AND
 * status` and succeeds only when it changed exactly one row: when two hosts race to consume one
 * grant, the second UPDATE waits for the first's row lock, re-reads the row, finds it `used`
 * and changes nothing. A grant made through one host is used once through any.
 */
export class PostgresApprovalStore implements ApprovalStore {
  constructor(private readonly db: PostgresDatabase) {}

  async create(record: ApprovalRecord): Promise<void> {
    const inserted = await this.db.query(
      'approval',
      'create a request',
      INSERT,
      valuesOf(approvalToRow(record), COLUMNS),
    );
    if (inserted.rowCount === 0) throw duplicateApproval(record);
  }

  async get(tenant: string, id: string): Promise<ApprovalRecord | undefined> {
    const { rows } = await this.db.query<ApprovalRow>(
      'approval',
      'read a request',
      `${SELECT} WHERE tenant = $1 AND id = $2`,
      [tenant, id],
    );
    return rows[0] === undefined ? undefined : rowToApproval(rows[0]);
  }

  async list(tenant: string, filter: { status?: ApprovalStatus } = {}): Promise<ApprovalRecord[]> {
    const { rows } = await this.db.query<ApprovalRow>(
      'approval',
      'list requests',
      `${SELECT} WHERE tenant = $1 AND ($2::text IS NULL OR status = $2) ${APPROVAL_ORDER}`,
      [tenant, filter.status ?? null],
    );
    return rows.map(rowToApproval);
  }

  async transition(
    tenant: string,
    id: string,
    from: ApprovalStatus,
    patch: ApprovalPatch,
  ): Promise<boolean> {
    const { rowCount } = await this.db.query('approval', 'transition a request', UPDATE_FROM, [
      tenant,
      id,
      from,
      ...APPROVAL_PATCH_FIELDS.map((field) => patch[field] ?? null),
    ]);
    return rowCount === 1;
  }
}
