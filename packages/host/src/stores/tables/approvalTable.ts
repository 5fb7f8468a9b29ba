import {
  type ApprovalPatch,
  type ApprovalRecord,
  type ApprovalStatus,
} from '@dealix/connector-core/stores';
import type { Database, Statement } from 'better-sqlite3';
import {
  APPROVAL_COLUMNS,
  APPROVAL_ORDER,
  approvalToRow,
  duplicateApproval,
  rowToApproval,
  type ApprovalRow,
} from '../approvalRows';
import { withStoreFailure } from '../storeFailure';

/** The patch as bound to the UPDATE: null leaves a column as it is. */
type PatchRow = { [field in keyof Required<ApprovalPatch>]: ApprovalPatch[field] | null } & {
  tenant: string;
  id: string;
  from: ApprovalStatus;
};

/**
 * Approval requests in SQLite. A transition is one `UPDATE ... WHERE tenant AND id AND status`
 * and succeeds only when it changed exactly one row: a compare-and-set the database enforces.
 */
export class SqliteApprovalTable {
  private readonly insertRow: Statement<[ApprovalRow]>;
  private readonly selectRow: Statement<[string, string], ApprovalRow>;
  private readonly selectTenant: Statement<[string], ApprovalRow>;
  private readonly selectTenantStatus: Statement<[string, ApprovalStatus], ApprovalRow>;
  private readonly updateFrom: Statement<[PatchRow]>;

  constructor(db: Database) {
    this.insertRow = db.prepare<[ApprovalRow]>(
      `INSERT INTO approvals (${APPROVAL_COLUMNS}) VALUES (@tenant, @id, @connector, @operation, ` +
        '@payload_digest, @payload_preview, @computed_preview, @requested_by, @requested_key, @requested_at, @expires_at, @status, ' +
        '@decided_by, @decided_at, @reason, @used_at, @used_by_key, @correlation_id) ' +
        'ON CONFLICT DO NOTHING',
    );
    this.selectRow = db.prepare<[string, string], ApprovalRow>(
      `SELECT ${APPROVAL_COLUMNS} FROM approvals WHERE tenant = ? AND id = ?`,
    );
    this.selectTenant = db.prepare<[string], ApprovalRow>(
      `SELECT ${APPROVAL_COLUMNS} FROM approvals WHERE tenant = ? ${APPROVAL_ORDER}`,
    );
    this.selectTenantStatus = db.prepare<[string, ApprovalStatus], ApprovalRow>(
      `SELECT ${APPROVAL_COLUMNS} FROM approvals WHERE tenant = ? AND status = ? ${APPROVAL_ORDER}`,
    );
    // Only the fields a patch may carry: an id, tenant or digest can never be rewritten.
    this.updateFrom = db.prepare<[PatchRow]>(
      'UPDATE approvals SET status = COALESCE(@status, status), ' +
        'decided_by = COALESCE(@decided_by, decided_by), ' +
        'decided_at = COALESCE(@decided_at, decided_at), reason = COALESCE(@reason, reason), ' +
        'used_at = COALESCE(@used_at, used_at), used_by_key = COALESCE(@used_by_key, used_by_key), ' +
        'expires_at = COALESCE(@expires_at, expires_at) ' +
        'WHERE tenant = @tenant AND id = @id AND status = @from',
    );
  }

  create(record: ApprovalRecord): void {
    const inserted = withStoreFailure('approval', 'create a request', () =>
      this.insertRow.run(approvalToRow(record)),
    );
    if (inserted.changes === 0) throw duplicateApproval(record);
  }

  get(tenant: string, id: string): ApprovalRecord | undefined {
    const row = withStoreFailure('approval', 'read a request', () =>
      this.selectRow.get(tenant, id),
    );
    return row === undefined ? undefined : rowToApproval(row);
  }

  list(tenant: string, filter: { status?: ApprovalStatus } = {}): ApprovalRecord[] {
    const { status } = filter;
    const rows = withStoreFailure('approval', 'list requests', () =>
      status === undefined
        ? this.selectTenant.all(tenant)
        : this.selectTenantStatus.all(tenant, status),
    );
    return rows.map(rowToApproval);
  }

  transition(tenant: string, id: string, from: ApprovalStatus, patch: ApprovalPatch): boolean {
    const result = withStoreFailure('approval', 'transition a request', () =>
      this.updateFrom.run({
        tenant,
        id,
        from,
        status: patch.status ?? null,
        decided_by: patch.decided_by ?? null,
        decided_at: patch.decided_at ?? null,
        reason: patch.reason ?? null,
        used_at: patch.used_at ?? null,
        used_by_key: patch.used_by_key ?? null,
        expires_at: patch.expires_at ?? null,
      }),
    );
    return result.changes === 1;
  }
}
