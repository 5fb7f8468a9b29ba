import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { hasErrorCode } from '../errors/dlxError';
import type { AuditRecord } from '../stores/auditStore';
import { auditEventFixture } from '../stores/__contract__/auditStoreContract';
import { AuditChainKey } from './auditChainKey';
import { chainRecord, sealAuditChainFormat, verifyAuditChain } from './hashChain';

const KEY_BYTES = Buffer.from('0123456789abcdef0123456789abcdef');
const KEY = AuditChainKey.fromBase64(KEY_BYTES.toString('base64'));

/** `legacy` unkeyed records (a database from before the keyed chain), then `keyed` keyed ones. */
function chain(legacy: number, keyed: number, key = KEY): AuditRecord[] {
  const format = { keyedFromSeq: legacy + 1, key };
  const records: AuditRecord[] = [];
  for (let n = 1; n <= legacy + keyed; n++)
    records.push(chainRecord(records.at(-1), auditEventFixture(n), format));
  return records;
}

// Issue 9 item 6: `audit verify` said "intact" after a row was edited and the chain recomputed.
describe('the keyed audit chain', () => {
  it('hashes keyed records with HMAC-SHA256 under DLX_AUDIT_KEY', () => {
    const [first] = chain(0, 1);
    const text = `${JSON.stringify([1, '0'.repeat(64), 'acme', 'ops-token', 'stripe', '1.0.0', 'create_payment', 'payment_created', 'success', 1, 1, 'corr-1', 'key-1', null, null, null, '2024-05-01T00:00:01.000Z'])}\n{"lines":[{"amount":10}],"n":1}`;
    expect(first!.hash).toBe(createHmac('sha256', KEY_BYTES).update(text).digest('hex'));
  });

  it('verifies with the key, and not without it or with another', () => {
    const records = chain(0, 5);
    expect(verifyAuditChain(records, { keyedFromSeq: 1, key: KEY })).toEqual({
      ok: true,
      count: 5,
      head: { seq: 5, hash: records[4]!.hash },
    });
    expect(() => verifyAuditChain(records, { keyedFromSeq: 1 })).toThrow(
      expect.objectContaining({ code: 'DLX_E_AUDIT_KEY_MISSING' }),
    );
    expect(
      verifyAuditChain(records, { keyedFromSeq: 1, key: AuditChainKey.random() }),
    ).toMatchObject({
      ok: false,
      first_bad_seq: 1,
    });
  });

  it('finds any edit whose chain was recomputed without the key', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.string(), (at, actor) => {
        const records = chain(0, 6);
        const forged: AuditRecord[] = [];
        for (const record of records) {
          const next =
            record.seq === at ? { ...record, actor: `${record.actor}${actor}x` } : record;
          // An attacker without the key can only chain with plain sha256 (or a key of their own).
          forged.push(chainRecord(forged.at(-1), next));
        }
        const result = verifyAuditChain(forged, { keyedFromSeq: 1, key: KEY });
        return !result.ok && result.first_bad_seq === 1;
      }),
    );
  });

  it('keeps a database made before the keyed format verifying, and says how much of it is legacy', () => {
    const records = chain(3, 2);
    expect(verifyAuditChain(records, { keyedFromSeq: 4, key: KEY })).toEqual({
      ok: true,
      count: 5,
      head: { seq: 5, hash: records[4]!.hash },
      legacy_count: 3,
    });
    // The first keyed record links the legacy ones: editing one of them breaks the chain.
    const edited = [...records];
    const rechained: AuditRecord[] = [];
    for (const r of edited.slice(0, 3)) {
      rechained.push(chainRecord(rechained.at(-1), r.seq === 2 ? { ...r, actor: 'mallory' } : r));
    }
    expect(
      verifyAuditChain([...rechained, ...records.slice(3)], { keyedFromSeq: 4, key: KEY }),
    ).toMatchObject({ ok: false, first_bad_seq: 4 });
    // Moving the marker past keyed records makes them fail as legacy ones.
    expect(verifyAuditChain(records, { keyedFromSeq: 6, key: KEY })).toMatchObject({
      ok: false,
      first_bad_seq: 4,
    });
  });

  it('seals the marker with the key, so another marker value has another seal', () => {
    expect(sealAuditChainFormat(KEY, 4)).toMatch(/^[0-9a-f]{64}$/);
    expect(sealAuditChainFormat(KEY, 4)).toBe(sealAuditChainFormat(KEY, 4));
    expect(sealAuditChainFormat(KEY, 5)).not.toBe(sealAuditChainFormat(KEY, 4));
    expect(sealAuditChainFormat(AuditChainKey.random(), 4)).not.toBe(sealAuditChainFormat(KEY, 4));
  });

  it('reads the key from base64 of at least 32 bytes and never shows it', () => {
    const refused = (value: string | undefined) => {
      try {
        AuditChainKey.fromBase64(value);
      } catch (error) {
        return error;
      }
      throw new Error('expected a refusal');
    };
    expect(hasErrorCode(refused(undefined), 'DLX_E_AUDIT_KEY_MISSING')).toBe(true);
    expect(hasErrorCode(refused('  '), 'DLX_E_AUDIT_KEY_MISSING')).toBe(true);
    expect(
      hasErrorCode(refused(Buffer.alloc(31).toString('base64')), 'DLX_E_AUDIT_KEY_INVALID'),
    ).toBe(true);
    expect(hasErrorCode(refused('not base64 at all!'), 'DLX_E_AUDIT_KEY_INVALID')).toBe(true);
    expect((refused(undefined) as Error).message).toContain('DLX_AUDIT_KEY');
    const shown = [JSON.stringify({ KEY }), String(KEY), inspect(KEY)].join('\n');
    expect(shown).not.toContain(KEY_BYTES.toString('base64'));
    expect(shown).not.toContain('0123456789abcdef');
  });
});
