import fc from 'fast-check';
import { hasErrorCode } from '../errors/dlxError';
import { canonicalJson, payloadDigest, sha256Hex } from './canonicalJson';

/** Rebuilds every object of a JSON value with its keys in a shuffled order. */
function reorderKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((item) => reorderKeys(item, random));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  // fromEntries defines own properties, so a "__proto__" key stays a key.
  return Object.fromEntries(entries.map(([key, item]) => [key, reorderKeys(item, random)]));
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function refusal(value: unknown): { code: string; path: unknown[] } {
  try {
    canonicalJson(value);
  } catch (err) {
    if (!hasErrorCode(err, 'DLX_E_RUNTIME_INPUT_INVALID')) throw err;
    const issues = err.details?.['issues'] as { code: string; path: unknown[] }[];
    return issues[0]!;
  }
  throw new Error('canonicalJson accepted the value');
}

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(
      '{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}',
    );
  });

  it('leaves out undefined properties and writes undefined array items as null', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson([1, undefined, 2])).toBe('[1,null,2]');
    // eslint-disable-next-line no-sparse-arrays -- a hole must not produce invalid JSON
    expect(canonicalJson([1, , 2])).toBe('[1,null,2]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('writes Dates as ISO strings, bytes as base64 and bigints as decimal strings', () => {
    expect(
      canonicalJson({
        at: new Date('2024-05-01T10:00:00.000Z'),
        raw: Buffer.from('hi'),
        bytes: new Uint8Array([1, 2, 3]),
        big: 12345678901234567890n,
      }),
    ).toBe(
      '{"at":"2024-05-01T10:00:00.000Z","big":"12345678901234567890","bytes":"AQID","raw":"aGk="}',
    );
  });

  it('encodes only the viewed bytes of a Uint8Array over a larger buffer', () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    expect(canonicalJson(backing.subarray(2, 5))).toBe('"AQID"');
  });

  it('refuses non-finite numbers, naming the path', () => {
    expect(refusal({ items: [{ amount: 1 }, { amount: 2 }, { amount: Number.NaN }] })).toEqual(
      expect.objectContaining({ code: 'non_finite_number', path: ['items', 2, 'amount'] }),
    );
    expect(refusal({ total: Infinity }).path).toEqual(['total']);
  });

  it('refuses cycles, naming where the cycle closes', () => {
    const order: Record<string, unknown> = { id: 'o1', lines: [] };
    (order['lines'] as unknown[]).push({ order });
    expect(refusal(order)).toEqual(
      expect.objectContaining({ code: 'cycle', path: ['lines', 0, 'order'] }),
    );
  });

  it('accepts the same object referenced twice when there is no cycle', () => {
    const address = { city: 'Riyadh' };
    expect(canonicalJson({ billing: address, shipping: address })).toBe(
      '{"billing":{"city":"Riyadh"},"shipping":{"city":"Riyadh"}}',
    );
  });

  it('refuses values JSON cannot carry instead of dropping them', () => {
    expect(refusal({ handler: () => 1 }).code).toBe('unsupported_type');
    expect(refusal({ tags: new Set(['a']) }).code).toBe('unsupported_type');
    expect(refusal({ at: new Date('not a date') }).code).toBe('invalid_date');
  });

  it('uses a class\u2019s toJSON shape, as JSON.stringify does', () => {
    const money = { amount: 5, toJSON: () => ({ minor: 500, currency: 'SAR' }) };
    expect(canonicalJson({ money })).toBe('{"money":{"currency":"SAR","minor":500}}');
  });
});

describe('sha256Hex and payloadDigest', () => {
  it('hashes UTF-8 text to lower-case hex', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('prefixes the digest of the canonical JSON with sha256:', () => {
    expect(payloadDigest({ b: 2, a: 1 })).toBe(`sha256:${sha256Hex('{"a":1,"b":2}')}`);
  });

  it('gives a Date and its ISO string the same digest, so a store round trip keeps it', () => {
    const at = new Date('2024-05-01T10:00:00.000Z');
    expect(payloadDigest({ at })).toBe(payloadDigest(JSON.parse(JSON.stringify({ at }))));
  });

  it('tells payloads apart that differ only in a nested value', () => {
    expect(payloadDigest({ a: { b: [1, 2] } })).not.toBe(payloadDigest({ a: { b: [2, 1] } }));
  });
});

describe('digest properties', () => {
  it('is invariant to key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        const reordered = reorderKeys(value, seededRandom(seed));
        expect(payloadDigest(reordered)).toBe(payloadDigest(value));
      }),
    );
  });

  it('is stable across JSON round trips', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(payloadDigest(JSON.parse(JSON.stringify(value)))).toBe(payloadDigest(value));
      }),
    );
  });

  it('writes valid JSON that reads back to the same canonical text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});
