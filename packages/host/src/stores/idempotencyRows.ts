import type {
  IdempotencyRecord,
  IdempotencyState,
  SerializedDlxError,
  UnknownOutcomeResolution,
} from '@dealix/connector-core/stores';
import { fromJsonColumn, toJsonColumn } from './jsonColumn';

/** One idempotency_records row. */
export interface IdempotencyRow {
  tenant: string;
  connector: string;
  operation: string;
  key: string;
  payload_digest: string;
  state: IdempotencyState;
  idempotent: number;
  result: string | null;
  error: string | null;
  created_at: number;
  lease_expires_at: number;
  holder_host_id: string | null;
  holder_boot_id: string | null;
  /** 1 while the holder's call is queued, nothing sent (IdempotencyRecord.queued). */
  queued: number;
  expires_at: number;
  unknown_outcome_id: string | null;
  unknown_at: number | null;
  resolution: string | null;
}

export type RowKey = [tenant: string, connector: string, operation: string, key: string];

export const IDEMPOTENCY_COLUMNS =
  'tenant, connector, operation, key, payload_digest, state, idempotent, result, error, ' +
  'created_at, lease_expires_at, holder_host_id, holder_boot_id, queued, expires_at, ' +
  'unknown_outcome_id, unknown_at, resolution';

/** Every column of a record, written in full (INSERT OR REPLACE by primary key). */
export const WRITE_IDEMPOTENCY_ROW =
  `INSERT OR REPLACE INTO idempotency_records (${IDEMPOTENCY_COLUMNS}) VALUES (@tenant, ` +
  '@connector, @operation, @key, @payload_digest, @state, @idempotent, @result, @error, ' +
  '@created_at, @lease_expires_at, @holder_host_id, @holder_boot_id, @queued, @expires_at, ' +
  '@unknown_outcome_id, @unknown_at, @resolution)';

export function rowToRecord(row: IdempotencyRow): IdempotencyRecord {
  const record: IdempotencyRecord = {
    scope: { tenant: row.tenant, connector: row.connector, operation: row.operation },
    key: row.key,
    payload_digest: row.payload_digest,
    state: row.state,
    idempotent: row.idempotent === 1,
    created_at: row.created_at,
    lease_expires_at: row.lease_expires_at,
    expires_at: row.expires_at,
  };
  if (row.result !== null) record.result = fromJsonColumn(row.result);
  if (row.error !== null) record.error = fromJsonColumn(row.error) as SerializedDlxError;
  if (row.holder_host_id !== null && row.holder_boot_id !== null) {
    record.holder = { host_id: row.holder_host_id, boot_id: row.holder_boot_id };
  }
  if (row.queued === 1) record.queued = true;
  if (row.unknown_outcome_id !== null) record.unknown_outcome_id = row.unknown_outcome_id;
  if (row.unknown_at !== null) record.unknown_at = row.unknown_at;
  if (row.resolution !== null) {
    record.resolution = fromJsonColumn(row.resolution) as UnknownOutcomeResolution;
  }
  return record;
}

export function recordToRow(record: IdempotencyRecord): IdempotencyRow {
  return {
    tenant: record.scope.tenant,
    connector: record.scope.connector,
    operation: record.scope.operation,
    key: record.key,
    payload_digest: record.payload_digest,
    state: record.state,
    idempotent: record.idempotent ? 1 : 0,
    result: 'result' in record ? toJsonColumn(record.result) : null,
    error: record.error === undefined ? null : toJsonColumn(record.error),
    created_at: record.created_at,
    lease_expires_at: record.lease_expires_at,
    holder_host_id: record.holder?.host_id ?? null,
    holder_boot_id: record.holder?.boot_id ?? null,
    queued: record.queued === true ? 1 : 0,
    expires_at: record.expires_at,
    unknown_outcome_id: record.unknown_outcome_id ?? null,
    unknown_at: record.unknown_at ?? null,
    resolution: record.resolution === undefined ? null : toJsonColumn(record.resolution),
  };
}

export function rowKeyOf(record: Pick<IdempotencyRecord, 'scope' | 'key'>): RowKey {
  return [record.scope.tenant, record.scope.connector, record.scope.operation, record.key];
}
