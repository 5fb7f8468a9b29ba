import {
  DlxError,
  type ApprovalPatch,
  type ApprovalRecord,
  type ApprovalStatus,
} from '@dealix/connector-core/stores';
import type { Database, Statement } from 'better-sqlite3';
import { fromJsonColumn, toJsonColumn } from '../jsonColumn';
import { withStoreFailure } from '../storeFailure';

interface ApprovalRow {
  tenant: string;
  id: string;
  connector: string;
  operation: string;
  payload_digest: string;
  payload_preview: string | null;
  computed_preview: string | null;
  requested_by: string;
  requested_at: number;
  expires_at: number;
  status: ApprovalStatus;
  decided_by: string | null;
  decided_at: number | null;
  reason: string | null;
  used_at: number | null;
  used_by_key: string | null;
  correlation_id: string;
}

/** The patch as bound to the UPDATE: null leaves a column as it is. */
type PatchRow = { [field in keyof Required<ApprovalPatch>]: ApprovalPatch[field] | null } & {
  tenant: string;
  id: string;
  from: ApprovalStatus;
};

const COLUMNS =
  'tenant, id, connector, operation, payload_digest, payload_preview, computed_preview, ' +
  'requested_by, ' +
  'requested_at, expires_at, status, decided_by, decided_at, reason, used_at, used_by_key, ' +
  'correlation_id';

/** Newest request first; creation order breaks a tie on requested_at, as in the memory store. */
const ORDER = 'ORDER BY requested_at DESC, created DESC';

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
      `INSERT INTO approvals (${COLUMNS}) VALUES (@tenant, @id, @connector, @operation, ` +
        '@payload_digest, @payload_preview, @computed_preview, @requested_by, @requested_at, @expires_at, @status, ' +
        '@decided_by, @decided_at, @reason, @used_at, @used_by_key, @correlation_id) ' +
        'ON CONFLICT DO NOTHING',
    );
    this.selectRow = db.prepare<[string, string], ApprovalRow>(
      `SELECT ${COLUMNS} FROM approvals WHERE tenant = ? AND id = ?`,
    );
    this.selectTenant = db.prepare<[string], ApprovalRow>(
      `SELECT ${COLUMNS} FROM approvals WHERE tenant = ? ${ORDER}`,
    );
    this.selectTenantStatus = db.prepare<[string, ApprovalStatus], ApprovalRow>(
      `SELECT ${COLUMNS} FROM approvals WHERE tenant = ? AND status = ? ${ORDER}`,
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
      this.insertRow.run(recordToRow(record)),
    );
    if (inserted.changes === 0) {
      throw new DlxError(
        'DLX_E_STORE_FAILURE',
        `An approval with id "${record.id}" already exists for tenant "${record.tenant}".`,
        { details: { tenant: record.tenant, approval_id: record.id, reason: 'duplicate_id' } },
      );
    }
  }

  get(tenant: string, id: string): ApprovalRecord | undefined {
    const row = withStoreFailure('approval', 'read a request', () =>
      this.selectRow.get(tenant, id),
    );
    return row === undefined ? undefined : rowToRecord(row);
  }

  list(tenant: string, filter: { status?: ApprovalStatus } = {}): ApprovalRecord[] {
    const { status } = filter;
    const rows = withStoreFailure('approval', 'list requests', () =>
      status === undefined
        ? this.selectTenant.all(tenant)
        : this.selectTenantStatus.all(tenant, status),
    );
    return rows.map(rowToRecord);
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

/** The record's fields as they are; the previews as JSON text, an absent field as NULL. */
function recordToRow(record: ApprovalRecord): ApprovalRow {
  return {
    ...record,
    payload_preview: toJsonColumn(record.payload_preview),
    computed_preview: toJsonColumn(record.computed_preview),
    decided_by: record.decided_by ?? null,
    decided_at: record.decided_at ?? null,
    reason: record.reason ?? null,
    used_at: record.used_at ?? null,
    used_by_key: record.used_by_key ?? null,
  };
}

function rowToRecord(row: ApprovalRow): ApprovalRecord {
  const {
    decided_by,
    decided_at,
    reason,
    used_at,
    used_by_key,
    payload_preview,
    computed_preview,
    ...required
  } = row;
  return {
    ...required,
    payload_preview: fromJsonColumn(payload_preview),
    ...(computed_preview !== null && { computed_preview: fromJsonColumn(computed_preview) }),
    ...(decided_by !== null && { decided_by }),
    ...(decided_at !== null && { decided_at }),
    ...(reason !== null && { reason }),
    ...(used_at !== null && { used_at }),
    ...(used_by_key !== null && { used_by_key }),
  };
}
