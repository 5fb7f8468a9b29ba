import { DlxError, type ApprovalRecord, type ApprovalStatus } from '@dealix/connector-core/stores';
import { fromJsonColumn, toJsonColumn } from './jsonColumn';

/** One approvals row (SQLite and PostgreSQL alike): JSON previews as text, NULL for absent. */
export interface ApprovalRow {
  tenant: string;
  id: string;
  connector: string;
  operation: string;
  payload_digest: string;
  payload_preview: string | null;
  computed_preview: string | null;
  requested_by: string;
  requested_key: string | null;
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

export const APPROVAL_COLUMNS =
  'tenant, id, connector, operation, payload_digest, payload_preview, computed_preview, ' +
  'requested_by, requested_key, ' +
  'requested_at, expires_at, status, decided_by, decided_at, reason, used_at, used_by_key, ' +
  'correlation_id';

/** Newest request first; creation order breaks a tie on requested_at, as in the memory store. */
export const APPROVAL_ORDER = 'ORDER BY requested_at DESC, created DESC';

export function approvalToRow(record: ApprovalRecord): ApprovalRow {
  return {
    tenant: record.tenant,
    id: record.id,
    connector: record.connector,
    operation: record.operation,
    payload_digest: record.payload_digest,
    payload_preview: toJsonColumn(record.payload_preview),
    computed_preview: toJsonColumn(record.computed_preview),
    requested_by: record.requested_by,
    requested_key: record.requested_key ?? null,
    requested_at: record.requested_at,
    expires_at: record.expires_at,
    status: record.status,
    decided_by: record.decided_by ?? null,
    decided_at: record.decided_at ?? null,
    reason: record.reason ?? null,
    used_at: record.used_at ?? null,
    used_by_key: record.used_by_key ?? null,
    correlation_id: record.correlation_id,
  };
}

export function rowToApproval(row: ApprovalRow): ApprovalRecord {
  const {
    decided_by,
    decided_at,
    reason,
    used_at,
    used_by_key,
    requested_key,
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
    ...(requested_key !== null && { requested_key }),
  };
}

/** A second request with an id the tenant already has: ids are made unique by the runtime. */
export function duplicateApproval(record: ApprovalRecord): DlxError {
  return new DlxError(
    'DLX_E_STORE_FAILURE',
    `An approval with id "${record.id}" already exists for tenant "${record.tenant}".`,
    { details: { tenant: record.tenant, approval_id: record.id, reason: 'duplicate_id' } },
  );
}
