import { createHash } from 'node:crypto';
import { canonicalJsonByFullWalk } from '../digest/canonicalJson';
import { hasErrorCode } from '../errors/dlxError';
import type { AuditEventInput, AuditRecord } from '../stores/auditStore';
import {
  GENESIS_HASH,
  chainRecord,
  hashAuditRecord,
  normalizeAuditEvent,
  verifyAuditChain,
} from './hashChain';

function auditEvent(n: number, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    tenant: n % 2 === 0 ? 'acme' : 'globex',
    actor: 'ops-token',
    connector_key: 'stripe',
    connector_version: '1.2.0',
    operation: 'create_payment',
    event: 'payment_created',
    outcome: 'success',
    attempt: 1,
    duration_ms: 40 + n,
    correlation_id: `corr-${n}`,
    idempotency_key: `key-${n}`,
    payload_digest: `sha256:${String(n).padStart(64, '0')}`,
    payload: { amount: n * 100, currency: 'SAR', lines: [{ sku: `sku-${n}` }] },
    error_code: null,
    approval_id: null,
    at: `2024-05-01T10:00:0${n % 10}.000Z`,
    ...overrides,
  };
}

function buildChain(length: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let n = 1; n <= length; n++) records.push(chainRecord(records.at(-1), auditEvent(n)));
  return records;
}

/** A different value of the same JSON type, so the edit is a plausible forgery. */
function altered(value: unknown): unknown {
  if (typeof value === 'string') return `${value}x`;
  if (typeof value === 'number') return value + 1;
  if (value === null) return 'forged';
  return { ...(value as object), forged: true };
}

describe('chainRecord', () => {
  it('starts at seq 1 on the genesis hash and links each record to the previous hash', () => {
    const [first, second, third] = buildChain(3);
    expect(first).toMatchObject({ seq: 1, prev_hash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prev_hash: first!.hash });
    expect(third).toMatchObject({ seq: 3, prev_hash: second!.hash });
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes exactly what hashAuditRecord defines, so every store chains the same way', () => {
    const record = chainRecord({ seq: 41, hash: 'a'.repeat(64) }, auditEvent(42));
    expect(record.seq).toBe(42);
    expect(record.hash).toBe(hashAuditRecord('a'.repeat(64), 42, auditEvent(42)));
  });

  it('keeps the payload as the JSON data a store reads back', () => {
    const event = auditEvent(1, {
      payload: { at: new Date('2024-05-01T00:00:00.000Z'), skip: undefined },
    });
    const record = chainRecord(undefined, event);
    expect(record.payload).toEqual({ at: '2024-05-01T00:00:00.000Z' });
    expect(verifyAuditChain([JSON.parse(JSON.stringify(record)) as AuditRecord]).ok).toBe(true);
  });

  it('is not changed by a caller mutating its payload after the append', () => {
    const payload = { amount: 100 };
    const record = chainRecord(undefined, auditEvent(1, { payload }));
    payload.amount = 999;
    expect(record.payload).toEqual({ amount: 100 });
    expect(verifyAuditChain([record]).ok).toBe(true);
  });

  it('ignores chain fields and unknown fields on the event it is given', () => {
    const [first] = buildChain(1);
    const smuggled = {
      ...auditEvent(1),
      seq: 99,
      prev_hash: 'f'.repeat(64),
      hash: 'e'.repeat(64),
      extra: 1,
    };
    const record = chainRecord(undefined, smuggled);
    expect(record).toEqual(first);
    expect(Object.keys(record)).not.toContain('extra');
  });

  it('refuses a payload with no JSON form', () => {
    expect.assertions(1);
    try {
      chainRecord(undefined, auditEvent(1, { payload: { amount: Number.NaN } }));
    } catch (err) {
      expect(hasErrorCode(err, 'DLX_E_RUNTIME_INPUT_INVALID')).toBe(true);
    }
  });

  it('normalizes to the declared event fields only, trace fields null when absent', () => {
    const normalized = normalizeAuditEvent({ ...auditEvent(3), seq: 7 } as AuditEventInput);
    expect(normalized).toEqual({ ...auditEvent(3), trace_id: null, span_id: null });
  });
});

/** chainRecord(undefined, auditEvent(1)).hash as the first release of the chain computed it. */
const PINNED_FIRST_HASH = '62ffbf75f3e574a8076bb35d40cee5681dc65cb7d1e2cee87ffc007896d826dc';

/** The chain's definition, written out independently of the code under test. */
const HASHED_FIELDS = [
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
] as const;

/** Hashed after the fields above only when one is set: untraced records hash as before. */
const TRACE_FIELDS = ['trace_id', 'span_id'] as const;

function referenceHash(prevHash: string, seq: number, event: AuditEventInput): string {
  const scalars: unknown[] = [seq, prevHash];
  for (const field of HASHED_FIELDS) if (field !== 'payload') scalars.push(event[field] ?? null);
  if (TRACE_FIELDS.some((field) => (event[field] ?? null) !== null)) {
    for (const field of TRACE_FIELDS) scalars.push(event[field] ?? null);
  }
  const text = `${JSON.stringify(scalars)}\n${canonicalJsonByFullWalk(event.payload)}`;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

describe('the chain definition (shared with the SQLite store: it must never change)', () => {
  it('hashes the bytes the definition names, for odd field values too', () => {
    const odd = auditEvent(5, {
      actor: 'quote " back\\slash \u2028 \ud800 \u0000',
      operation: null,
      duration_ms: -0,
      payload: { z: [1, undefined, { b: 2n, a: new Date(0) }], a: 'ü', n: -0, s: undefined },
    });
    const missing = { ...auditEvent(6) } as Partial<AuditEventInput>;
    delete missing.approval_id;
    for (const event of [auditEvent(1), odd, missing as AuditEventInput]) {
      const record = chainRecord({ seq: 9, hash: 'b'.repeat(64) }, event);
      expect(record.hash).toBe(referenceHash('b'.repeat(64), 10, event));
      expect(hashAuditRecord('b'.repeat(64), 10, event)).toBe(record.hash);
    }
  });

  it('pins the hash of a known record', () => {
    expect(chainRecord(undefined, auditEvent(1)).hash).toBe(
      referenceHash(GENESIS_HASH, 1, auditEvent(1)),
    );
    expect(chainRecord(undefined, auditEvent(1)).hash).toBe(PINNED_FIRST_HASH);
  });

  it('stores the declared fields in order, then seq, prev_hash and hash', () => {
    const record = chainRecord(undefined, { ...auditEvent(2), extra: 1 } as AuditEventInput);
    expect(Object.keys(record)).toEqual([
      ...HASHED_FIELDS,
      ...TRACE_FIELDS,
      'seq',
      'prev_hash',
      'hash',
    ]);
  });

  it('hashes the trace fields of a traced record, and an untraced one as it always did', () => {
    const traced = auditEvent(1, { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) });
    const record = chainRecord(undefined, traced);
    expect(record).toMatchObject({ trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) });
    expect(record.hash).toBe(referenceHash(GENESIS_HASH, 1, traced));
    expect(record.hash).not.toBe(PINNED_FIRST_HASH);
    // Null trace fields are the record written before they existed: same bytes, same hash.
    const untraced = auditEvent(1, { trace_id: null, span_id: null });
    expect(chainRecord(undefined, untraced).hash).toBe(PINNED_FIRST_HASH);
  });

  it('finds trace ids stripped from, or added to, a record', () => {
    const traced = [
      chainRecord(undefined, auditEvent(1, { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) })),
    ];
    traced[0]!.trace_id = null;
    traced[0]!.span_id = null;
    expect(verifyAuditChain(traced)).toMatchObject({ ok: false, first_bad_seq: 1 });
    const untraced = buildChain(1);
    untraced[0]!.trace_id = 'c'.repeat(32);
    expect(verifyAuditChain(untraced)).toMatchObject({ ok: false, first_bad_seq: 1 });
  });
});

describe('verifyAuditChain', () => {
  const LENGTH = 6;

  it('accepts an intact chain and reports its head and length', () => {
    const records = buildChain(LENGTH);
    expect(verifyAuditChain(records)).toEqual({
      ok: true,
      count: LENGTH,
      head: { seq: LENGTH, hash: records[LENGTH - 1]!.hash },
    });
  });

  it('accepts an empty chain with the genesis head', () => {
    expect(verifyAuditChain([])).toEqual({
      ok: true,
      count: 0,
      head: { seq: 0, hash: GENESIS_HASH },
    });
  });

  it('finds an edit of any field of any record at that record', () => {
    const fields = Object.keys(buildChain(1)[0]!) as (keyof AuditRecord)[];
    expect(fields).toHaveLength(21);
    for (let index = 0; index < LENGTH; index++) {
      for (const field of fields) {
        const records = buildChain(LENGTH);
        const target = records[index] as unknown as Record<string, unknown>;
        target[field] = altered(target[field]);
        const result = verifyAuditChain(records);
        expect({ field, index, result }).toEqual({
          field,
          index,
          result: expect.objectContaining({ ok: false, first_bad_seq: index + 1, count: index }),
        });
      }
    }
  });

  it('says a record whose contents changed was altered', () => {
    const records = buildChain(8);
    records[6]!.payload = { amount: 1 };
    expect(verifyAuditChain(records)).toEqual({
      ok: false,
      count: 6,
      first_bad_seq: 7,
      reason: 'record 7: hash does not match its contents (altered)',
    });
  });

  it('finds a deleted record where the sequence breaks', () => {
    for (let index = 0; index < LENGTH - 1; index++) {
      const records = buildChain(LENGTH);
      records.splice(index, 1);
      expect(verifyAuditChain(records)).toMatchObject({ ok: false, first_bad_seq: index + 1 });
    }
  });

  it('cannot see the last record deleted, but the anchored head no longer matches', () => {
    const records = buildChain(LENGTH);
    const anchored = { seq: LENGTH, hash: records[LENGTH - 1]!.hash };
    records.pop();
    const result = verifyAuditChain(records);
    expect(result.ok).toBe(true);
    expect(result.ok && result.head).not.toEqual(anchored);
  });

  it('finds two records swapped at the first of them', () => {
    for (let index = 0; index < LENGTH - 1; index++) {
      const records = buildChain(LENGTH);
      [records[index], records[index + 1]] = [records[index + 1]!, records[index]!];
      expect(verifyAuditChain(records)).toMatchObject({ ok: false, first_bad_seq: index + 1 });
    }
  });

  it('finds a copied record inserted into the chain at its position', () => {
    const records = buildChain(LENGTH);
    records.splice(3, 0, { ...records[1]! });
    expect(verifyAuditChain(records)).toMatchObject({ ok: false, first_bad_seq: 4 });
  });

  it('finds a well-forged inserted record at the original record it displaced', () => {
    const records = buildChain(LENGTH);
    // The forger links and hashes the record correctly, but cannot renumber what follows it.
    const forged = chainRecord(records[2], auditEvent(99));
    records.splice(3, 0, forged);
    expect(verifyAuditChain(records)).toMatchObject({ ok: false, first_bad_seq: 5 });
  });

  it('passes a chain re-hashed after an edit, which only an anchored head exposes', () => {
    const original = buildChain(LENGTH);
    const rewritten: AuditRecord[] = [];
    original.forEach((record, index) => {
      const event = index === 2 ? { ...record, payload: { amount: 1 } } : record;
      rewritten.push(chainRecord(rewritten.at(-1), event));
    });
    const result = verifyAuditChain(rewritten);
    expect(result.ok).toBe(true);
    expect(result.ok && result.head.hash).not.toBe(original[LENGTH - 1]!.hash);
  });
});
