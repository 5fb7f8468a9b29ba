import { canonicalJson, canonicalJsonAndData, sha256Hex } from '../digest/canonicalJson';
import { DlxError } from '../errors/dlxError';
import { AUDIT_KEY_VARIABLE, type AuditChainKey } from './auditChainKey';
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
 * text(n) = JSON([seq, prev_hash, ...the scalar fields in AUDIT_EVENT_FIELDS order,
 *                 ...(trace_id or span_id set ? [trace_id, span_id] : [])])
 *           + "\n" + canonicalJson(payload)
 * hash(n) = HMAC-SHA256(DLX_AUDIT_KEY, text(n))   (keyed format: seq >= keyed_from_seq)
 *         | sha256(text(n))                       (legacy format of databases made before it)
 * with hash(0) = GENESIS_HASH. The scalar fields have a fixed order, so only the free-form
 * payload needs key sorting; its canonical text is computed once per append and reused.
 * The trace fields (TRACE_FIELDS, added with tracing) join the hashed array only when one is
 * set: a record without them, including every record written before they existed, has the
 * bytes it always had, so old logs still verify; a record with them cannot lose them unseen.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The event fields that are hashed, in hashing order, and the only ones a record keeps. */
export const AUDIT_EVENT_FIELDS = [
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

/** Hashed after the fields above, and only when one of them is set (see the text above). */
export const TRACE_FIELDS = [
  'trace_id',
  'span_id',
] as const satisfies readonly (keyof AuditEventInput)[];

// Fails to compile when AuditEventInput gains a field that the lists above do not hash.
type UnhashedField = Exclude<
  keyof AuditEventInput,
  (typeof AUDIT_EVENT_FIELDS)[number] | (typeof TRACE_FIELDS)[number]
>;
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
  return pickEventFields(event, canonicalJsonAndData(event.payload).data);
}

/** normalizeAuditEvent, and the payload's canonical text from the same walk (what is hashed). */
export function normalizeAuditEventAndText(event: AuditEventInput): {
  event: AuditEventInput;
  payloadText: string;
} {
  const { text, data } = canonicalJsonAndData(event.payload);
  return { event: pickEventFields(event, data), payloadText: text };
}

/**
 * The declared fields in AUDIT_EVENT_FIELDS order, written out as one literal: every record
 * then has the same shape, and a field missing here fails to compile (they are all required).
 * hashChain.test.ts checks the order and the hash against the field list.
 */
function pickEventFields(event: AuditEventInput, payload: unknown): AuditEventInput {
  return {
    tenant: event.tenant,
    actor: event.actor,
    connector_key: event.connector_key,
    connector_version: event.connector_version,
    operation: event.operation,
    event: event.event,
    outcome: event.outcome,
    attempt: event.attempt,
    duration_ms: event.duration_ms,
    correlation_id: event.correlation_id,
    idempotency_key: event.idempotency_key,
    payload_digest: event.payload_digest,
    payload,
    error_code: event.error_code,
    approval_id: event.approval_id,
    at: event.at,
    trace_id: event.trace_id ?? null,
    span_id: event.span_id ?? null,
  };
}

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
  key?: AuditChainKey,
): string {
  // The scalar fields of AUDIT_EVENT_FIELDS (all but payload) in their order, as one literal.
  const scalars: unknown[] = [
    seq,
    prevHash,
    event.tenant ?? null,
    event.actor ?? null,
    event.connector_key ?? null,
    event.connector_version ?? null,
    event.operation ?? null,
    event.event ?? null,
    event.outcome ?? null,
    event.attempt ?? null,
    event.duration_ms ?? null,
    event.correlation_id ?? null,
    event.idempotency_key ?? null,
    event.payload_digest ?? null,
    event.error_code ?? null,
    event.approval_id ?? null,
    event.at ?? null,
  ];
  const traceId = event.trace_id ?? null;
  const spanId = event.span_id ?? null;
  if (traceId !== null || spanId !== null) scalars.push(traceId, spanId);
  const head = JSON.stringify(scalars);
  return key === undefined
    ? sha256Hex(`${head}\n${payloadText}`)
    : key.hmacHexOfLines(head, payloadText);
}

/**
 * Where the keyed format starts. A database made before the keyed chain keeps its records
 * below `keyedFromSeq` in the legacy (unkeyed) format, so it still verifies; every later record
 * is keyed. `key` is needed to verify or write keyed records.
 */
export interface AuditChainFormat {
  keyedFromSeq: number;
  key?: AuditChainKey;
}

/** Every record unkeyed: the format of logs made before the keyed chain (and of tests). */
export const LEGACY_AUDIT_FORMAT: AuditChainFormat = Object.freeze({
  keyedFromSeq: Number.POSITIVE_INFINITY,
});

/**
 * The seal of a keyed-format marker: an HMAC of `keyedFromSeq` under the key, so moving the
 * marker (to pass keyed records off as legacy ones) needs the key too.
 */
export function sealAuditChainFormat(key: AuditChainKey, keyedFromSeq: number): string {
  return key.hmacHex(`dealix audit chain: keyed from seq ${keyedFromSeq}`);
}

function keyFor(seq: number, format: AuditChainFormat): AuditChainKey | undefined {
  if (seq < format.keyedFromSeq) return undefined;
  if (format.key === undefined) {
    throw new DlxError(
      'DLX_E_AUDIT_KEY_MISSING',
      `${AUDIT_KEY_VARIABLE} is not set: audit records from seq ${format.keyedFromSeq} on are keyed (HMAC-SHA256) and cannot be written or verified without it`,
      { details: { variable: AUDIT_KEY_VARIABLE } },
    );
  }
  return format.key;
}

/** The record that follows `prev` (undefined: the first record of the chain). */
export function chainRecord(
  prev: AuditHead | undefined,
  event: AuditEventInput,
  format: AuditChainFormat = LEGACY_AUDIT_FORMAT,
): AuditRecord {
  // One walk gives both the canonical text (hashed) and the stored copy (the data it reads as).
  const { text: payloadText, data: payload } = canonicalJsonAndData(event.payload);
  return linkRecord(prev, event, payload, payloadText, format);
}

/**
 * The record that follows `prev` for an event whose payload comes as its canonical JSON text
 * (normalizeAuditEventAndText made it, in another thread): the text is hashed as it is and
 * becomes the record's payload, as a store's row holds it. No walk of the payload at all.
 */
export function chainCanonicalRecord(
  prev: AuditHead | undefined,
  event: AuditEventInput,
  payloadText: string,
  format: AuditChainFormat = LEGACY_AUDIT_FORMAT,
): AuditRecord {
  return linkRecord(prev, event, payloadText, payloadText, format);
}

function linkRecord(
  prev: AuditHead | undefined,
  event: AuditEventInput,
  payload: unknown,
  payloadText: string,
  format: AuditChainFormat,
): AuditRecord {
  const head = prev ?? EMPTY_AUDIT_HEAD;
  const seq = head.seq + 1;
  // The event's declared fields are the record's (hashAuditRecord reads no other), so the hash
  // comes first and the record is built once.
  const hash = hashAuditRecord(head.hash, seq, event, payloadText, keyFor(seq, format));
  return withChainFields(pickEventFields(event, payload), seq, head.hash, hash);
}

/** The event's fields become a record: seq, prev_hash and hash added in the order a spread gives. */
function withChainFields(
  fields: AuditEventInput,
  seq: number,
  prevHash: string,
  hash: string,
): AuditRecord {
  const record = fields as AuditRecord;
  record.seq = seq;
  record.prev_hash = prevHash;
  record.hash = hash;
  return record;
}

/**
 * A shallow copy of a record, its fields written out in the record's own order (a spread copy
 * costs far more on Node 20): what a memory store hands back for the record it keeps.
 */
export function copyAuditRecord(record: AuditRecord): AuditRecord {
  const fields = pickEventFields(record, record.payload);
  return withChainFields(fields, record.seq, record.prev_hash, record.hash);
}

/**
 * Walks the records in order and names the first one that breaks the chain. "record N" is the
 * Nth position of the chain (seq N when intact): a deleted, inserted or moved record breaks
 * the chain at the first position whose seq is not the previous one + 1; an edited field,
 * prev_hash or hash at the edited record's own position.
 */
export function verifyAuditChain(
  records: Iterable<AuditRecord>,
  format: AuditChainFormat = LEGACY_AUDIT_FORMAT,
): AuditVerifyResult {
  const verifier = new AuditChainVerifier(format);
  for (const record of records) if (!verifier.add(record)) break;
  return verifier.result();
}

/**
 * verifyAuditChain one record at a time, for a store that reads its records in pages (a
 * database over the network): add() each record in order until it returns false, then
 * result(). Same rules, same answers.
 */
export class AuditChainVerifier {
  private head: AuditHead = EMPTY_AUDIT_HEAD;
  private count = 0;
  private legacy = 0;
  private failure: AuditVerifyResult | undefined;

  constructor(private readonly format: AuditChainFormat = LEGACY_AUDIT_FORMAT) {}

  /** Checks the next record; false once the chain is broken (later records change nothing). */
  add(record: AuditRecord): boolean {
    if (this.failure !== undefined) return false;
    const expectedSeq = this.head.seq + 1;
    const problem = findProblem(record, expectedSeq, this.head.hash, this.format);
    if (problem !== undefined) {
      this.failure = {
        ok: false,
        count: this.count,
        first_bad_seq: expectedSeq,
        reason: `record ${expectedSeq}: ${problem}`,
      };
      return false;
    }
    this.head = { seq: record.seq, hash: record.hash };
    this.count++;
    if (record.seq < this.format.keyedFromSeq) this.legacy++;
    return true;
  }

  result(): AuditVerifyResult {
    if (this.failure !== undefined) return { ...this.failure };
    const { count, legacy } = this;
    // Records made before the keyed format are not protected by the key: say how many there are.
    return legacy > 0 && this.format.key !== undefined
      ? { ok: true, count, head: { ...this.head }, legacy_count: legacy }
      : { ok: true, count, head: { ...this.head } };
  }
}

function findProblem(
  record: AuditRecord,
  expectedSeq: number,
  prevHash: string,
  format: AuditChainFormat,
): string | undefined {
  if (record.seq !== expectedSeq) {
    return `seq is ${String(record.seq)}, expected ${expectedSeq} (a record was deleted, inserted or moved)`;
  }
  if (record.prev_hash !== prevHash) {
    return 'prev_hash does not match the previous record\u2019s hash (a record was replaced or re-hashed)';
  }
  const key = keyFor(record.seq, format);
  let expectedHash: string;
  try {
    expectedHash = hashAuditRecord(
      record.prev_hash,
      record.seq,
      record,
      canonicalJson(record.payload),
      key,
    );
  } catch {
    // A payload that no longer has a JSON form cannot be what was hashed.
    return 'hash does not match its contents (altered)';
  }
  if (record.hash !== expectedHash) return 'hash does not match its contents (altered)';
  return undefined;
}
