import { canonicalJson, sha256Hex } from '../digest/canonicalJson';
import type {
  AuditEventInput,
  AuditHead,
  AuditRecord,
  AuditVerifyResult,
} from '../stores/auditStore';

/**
 * The one definition of the audit hash chain. Every AuditStore (in memory here, SQLite in the
 * host) chains and verifies through these functions, so a log written by one can be checked by
 * another and an exported head anchors the same chain everywhere.
 *
 * hash(n) = sha256(JSON([seq, prev_hash, ...the scalar fields in AUDIT_EVENT_FIELDS order])
 *                  + "\n" + canonicalJson(payload))   with hash(0) = GENESIS_HASH.
 * The scalar fields have a fixed order, so only the free-form payload needs key sorting; its
 * canonical text is computed once per append and reused for the hash.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The event fields that are hashed, and the only ones a record keeps. */
const AUDIT_EVENT_FIELDS = [
  'tenant',
  'actor',
  'connector_key',
  'connector_version',
  'operation',
  'event',
  'outcome',
  'attempt',
  'duration_ms',
  'correlation_id',
  'idempotency_key',
  'payload_digest',
  'payload',
  'error_code',
  'approval_id',
  'at',
] as const satisfies readonly (keyof AuditEventInput)[];

// Fails to compile when AuditEventInput gains a field that the list above does not hash.
type UnhashedField = Exclude<keyof AuditEventInput, (typeof AUDIT_EVENT_FIELDS)[number]>;
const everyFieldHashed: [UnhashedField] extends [never] ? true : UnhashedField = true;
void everyFieldHashed;

/** The head of an empty chain. */
export const EMPTY_AUDIT_HEAD: AuditHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/**
 * The event as it is stored and hashed: only the declared fields, and the payload as the JSON
 * data it will read back as from any store (Dates as ISO strings, bytes as base64, no
 * undefined). Copying also means a caller mutating its payload later cannot change the record.
 * Throws DLX_E_RUNTIME_INPUT_INVALID when the payload has no JSON form (NaN, a cycle).
 */
export function normalizeAuditEvent(event: AuditEventInput): AuditEventInput {
  return normalizeWithPayloadText(event).event;
}

function normalizeWithPayloadText(event: AuditEventInput): {
  event: AuditEventInput;
  payloadText: string;
} {
  const picked = {} as Record<string, unknown>;
  for (const field of AUDIT_EVENT_FIELDS) picked[field] = event[field];
  const payloadText = canonicalJson(event.payload);
  picked['payload'] = JSON.parse(payloadText) as unknown;
  return { event: picked as unknown as AuditEventInput, payloadText };
}

const SCALAR_FIELDS = AUDIT_EVENT_FIELDS.filter((f) => f !== 'payload');

/**
 * sha256 hex of a record's chain position and contents. Only the declared event fields are
 * hashed, so `seq`, `prev_hash` and `hash` of a record passed as `event` never leak into (or
 * override) the chain fields.
 */
export function hashAuditRecord(
  prevHash: string,
  seq: number,
  event: AuditEventInput,
  payloadText: string = canonicalJson(event.payload),
): string {
  const scalars: unknown[] = [seq, prevHash];
  for (const field of SCALAR_FIELDS) scalars.push(event[field] ?? null);
  return sha256Hex(`${JSON.stringify(scalars)}\n${payloadText}`);
}

/** The record that follows `prev` (undefined: the first record of the chain). */
export function chainRecord(prev: AuditHead | undefined, event: AuditEventInput): AuditRecord {
  const head = prev ?? EMPTY_AUDIT_HEAD;
  const { event: normalized, payloadText } = normalizeWithPayloadText(event);
  const seq = head.seq + 1;
  return {
    ...normalized,
    seq,
    prev_hash: head.hash,
    hash: hashAuditRecord(head.hash, seq, normalized, payloadText),
  };
}

/**
 * Walks the records in order and names the first one that breaks the chain. "record N" is the
 * Nth position of the chain (seq N when intact): a deleted, inserted or moved record breaks
 * the chain at the first position whose seq is not the previous one + 1; an edited field,
 * prev_hash or hash at the edited record's own position.
 */
export function verifyAuditChain(records: Iterable<AuditRecord>): AuditVerifyResult {
  let head: AuditHead = EMPTY_AUDIT_HEAD;
  let count = 0;
  for (const record of records) {
    const expectedSeq = head.seq + 1;
    const problem = findProblem(record, expectedSeq, head.hash);
    if (problem !== undefined) {
      return {
        ok: false,
        count,
        first_bad_seq: expectedSeq,
        reason: `record ${expectedSeq}: ${problem}`,
      };
    }
    head = { seq: record.seq, hash: record.hash };
    count++;
  }
  return { ok: true, count, head: { ...head } };
}

function findProblem(
  record: AuditRecord,
  expectedSeq: number,
  prevHash: string,
): string | undefined {
  if (record.seq !== expectedSeq) {
    return `seq is ${String(record.seq)}, expected ${expectedSeq} (a record was deleted, inserted or moved)`;
  }
  if (record.prev_hash !== prevHash) {
    return 'prev_hash does not match the previous record\u2019s hash (a record was replaced or re-hashed)';
  }
  let expectedHash: string;
  try {
    expectedHash = hashAuditRecord(record.prev_hash, record.seq, record);
  } catch {
    // A payload that no longer has a JSON form cannot be what was hashed.
    return 'hash does not match its contents (altered)';
  }
  if (record.hash !== expectedHash) return 'hash does not match its contents (altered)';
  return undefined;
}
