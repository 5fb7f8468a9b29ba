import type { Database } from 'better-sqlite3';
import {
  AUDIT_KEY_VARIABLE,
  DlxError,
  canonicalJson,
  type AuditEventInput,
  type AuditRecord,
} from '@dealix/connector-core/stores';
import { ENTRY_LENGTH, toAuditEntry } from './auditEntry';

/** One audit_log row: the record's fields, the payload as its canonical JSON text. */
export interface AuditRow {
  seq: number;
  tenant: string;
  actor: string;
  connector_key: string;
  connector_version: string;
  operation: string | null;
  event: string;
  outcome: AuditRecord['outcome'];
  attempt: number;
  duration_ms: number;
  correlation_id: string;
  idempotency_key: string | null;
  payload_digest: string | null;
  payload: string;
  error_code: string | null;
  approval_id: string | null;
  at: string;
  trace_id: string | null;
  span_id: string | null;
  prev_hash: string;
  hash: string;
}

export const AUDIT_COLUMNS =
  'seq, tenant, actor, connector_key, connector_version, operation, event, outcome, attempt, ' +
  'duration_ms, correlation_id, idempotency_key, payload_digest, payload, error_code, ' +
  'approval_id, at, trace_id, span_id, prev_hash, hash';

export const INSERT_AUDIT_ROW = insertAuditRow(AUDIT_COLUMNS);

/**
 * The columns to select and insert in this database. One made before migration 6 and opened
 * read-only (audit verify, head, list never migrate) has no trace columns: they read as NULL.
 * `insert` binds a row's values by position (see auditRowValues), which SQLite binds faster
 * than by name; `traced` says whether the trace columns are among them.
 */
export function auditColumnsOf(db: Database): { select: string; insert: string; traced: boolean } {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(audit_log)').all();
  if (columns.some((c) => c.name === 'trace_id')) {
    return { select: AUDIT_COLUMNS, insert: insertAuditValues(AUDIT_COLUMNS), traced: true };
  }
  const before = AUDIT_COLUMNS.replace(' trace_id, span_id,', '');
  return {
    select: AUDIT_COLUMNS.replace('trace_id, span_id', 'NULL AS trace_id, NULL AS span_id'),
    insert: insertAuditValues(before),
    traced: false,
  };
}

function insertAuditRow(columns: string): string {
  const values = columns.split(', ').map((c) => `@${c}`);
  return `INSERT INTO audit_log (${columns}) VALUES (${values.join(', ')})`;
}

function insertAuditValues(columns: string): string {
  const values = columns.split(', ').map(() => '?');
  return `INSERT INTO audit_log (${columns}) VALUES (${values.join(', ')})`;
}

/**
 * The values of an event's row in AUDIT_COLUMNS order (without the trace ones when untraced),
 * at chain position `seq` with `prevHash` and `hash`, its payload as `payloadText`.
 */
export function auditRowValues(
  event: AuditEventInput,
  payloadText: string,
  seq: number,
  prevHash: string,
  hash: string,
  traced: boolean,
): unknown[] {
  // The entry lists the event's columns in AUDIT_COLUMNS order, the trace ones last. Copied
  // into a packed array by push: a spread or a shortened entry binds far slower (auditAppend).
  const entry = toAuditEntry(event, payloadText);
  const columns = traced ? ENTRY_LENGTH : ENTRY_LENGTH - 2;
  const row: unknown[] = [seq];
  for (let i = 0; i < columns; i++) row.push(entry[i]);
  row.push(prevHash, hash);
  return row;
}

export function auditRecordToRow(record: AuditRecord): AuditRow {
  // The same canonical text the hash was computed over, so the row re-verifies byte for byte.
  return chainedRecordToRow(record, canonicalJson(record.payload));
}

/** auditRecordToRow with the payload's canonical text the chain already made (hashed as is). */
export function chainedRecordToRow(record: AuditRecord, payloadText: string): AuditRow {
  return {
    ...record,
    payload: payloadText,
    trace_id: record.trace_id ?? null,
    span_id: record.span_id ?? null,
  };
}

export function auditRowToRecord(row: AuditRow): AuditRecord {
  return { ...row, payload: parsePayload(row.payload) };
}

/**
 * A payload edited into text that is not JSON still has to reach verify as a record (whose
 * hash then does not match) rather than stop it with a parse error.
 */
function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const TEXT_FIELDS = [
  'tenant',
  'actor',
  'connector_key',
  'connector_version',
  'event',
  'outcome',
  'correlation_id',
  'at',
] as const satisfies readonly (keyof AuditEventInput)[];
const NULLABLE_TEXT_FIELDS = [
  'operation',
  'idempotency_key',
  'payload_digest',
  'error_code',
  'approval_id',
] as const satisfies readonly (keyof AuditEventInput)[];
const TRACE_FIELDS = ['trace_id', 'span_id'] as const satisfies readonly (keyof AuditEventInput)[];
const NUMBER_FIELDS = [
  'attempt',
  'duration_ms',
] as const satisfies readonly (keyof AuditEventInput)[];

/**
 * Refuses, for this one append, an event whose fields the table cannot hold exactly as they
 * are hashed (a missing tenant, a NaN duration). Without this check the bad event would only
 * fail inside the group transaction and take every other append of its group down with it.
 */
export function checkStorableAuditEvent(event: AuditEventInput): void {
  const wrong: string[] = [];
  for (const field of TEXT_FIELDS) if (typeof event[field] !== 'string') wrong.push(field);
  for (const field of NULLABLE_TEXT_FIELDS) {
    const value = event[field];
    if (value !== null && typeof value !== 'string') wrong.push(field);
  }
  for (const field of NUMBER_FIELDS) if (!Number.isFinite(event[field])) wrong.push(field);
  for (const field of TRACE_FIELDS) {
    const value = event[field];
    if (value !== undefined && value !== null && typeof value !== 'string') wrong.push(field);
  }
  if (wrong.length > 0) {
    throw new DlxError(
      'DLX_E_RUNTIME_INPUT_INVALID',
      `The audit event cannot be stored: ${wrong.join(', ')} must be text (or null where the field allows it) or a finite number.`,
      { details: { reason: 'audit_event_unstorable', fields: wrong } },
    );
  }
}

/** An append on a host without DLX_AUDIT_KEY: every store refuses it the same way. */
export function auditKeyMissingToWrite(): DlxError {
  return new DlxError(
    'DLX_E_AUDIT_KEY_MISSING',
    `${AUDIT_KEY_VARIABLE} is not set: audit records are keyed (HMAC-SHA256) and cannot be written without it`,
    { details: { variable: AUDIT_KEY_VARIABLE } },
  );
}
