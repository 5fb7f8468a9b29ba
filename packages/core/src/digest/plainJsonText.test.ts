import fc from 'fast-check';
import { canonicalJson, canonicalJsonAndData, canonicalJsonByFullWalk } from './canonicalJson';

const anything = fc.anything({
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withObjectString: true,
});

function outcome(encode: () => unknown): unknown {
  try {
    return { text: encode() };
  } catch (error) {
    return { error: (error as { code?: unknown; details?: unknown }).details };
  }
}

describe('canonicalJson fast path', () => {
  it('gives exactly the text (or the refusal) of the full encoder for any value', () => {
    fc.assert(
      fc.property(anything, (value) => {
        expect(outcome(() => canonicalJson(value))).toEqual(
          outcome(() => canonicalJsonByFullWalk(value)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('hands back the data JSON.parse makes of the text, key order included', () => {
    fc.assert(
      fc.property(anything, (value) => {
        let text: string;
        try {
          text = canonicalJsonByFullWalk(value);
        } catch {
          return;
        }
        const both = canonicalJsonAndData(value);
        expect(both.text).toBe(text);
        expect(JSON.stringify(both.data)).toBe(JSON.stringify(JSON.parse(text)));
        expect(both.data).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('reads -0 back as 0, bigints as strings and keeps "__proto__" as a data key', () => {
    const value = JSON.parse('{"__proto__":{"b":2},"z":-0}') as Record<string, unknown>;
    value['big'] = 12n;
    const { text, data } = canonicalJsonAndData(value);
    expect(text).toBe('{"__proto__":{"b":2},"big":"12","z":0}');
    expect(Object.is((data as { z: number }).z, 0)).toBe(true);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data as object)).toEqual(['__proto__', 'big', 'z']);
  });

  it('names a cycle precisely even though the fast path does not track ancestors', () => {
    const looped: Record<string, unknown> = { a: 1 };
    looped['self'] = { again: looped };
    expect(outcome(() => canonicalJson(looped))).toEqual(
      outcome(() => canonicalJsonByFullWalk(looped)),
    );
    expect(outcome(() => canonicalJson(looped))).toMatchObject({
      error: { issues: [{ code: 'cycle' }] },
    });
  });

  it('sorts keys by code unit where the engine would list array-index keys first', () => {
    // The engine enumerates "2" before "10"; canonical order is "10", "2", "a".
    const value = { a: 1, 2: { 10: true, 9: null }, 10: [{ z: 1, '1x': 2 }] };
    const { text, data } = canonicalJsonAndData(value);
    expect(text).toBe('{"10":[{"1x":2,"z":1}],"2":{"10":true,"9":null},"a":1}');
    expect(canonicalJson(value)).toBe(text);
    expect(data).toStrictEqual(JSON.parse(text));
    const keyed = fc.dictionary(
      fc.oneof(fc.constantFrom('0', '1', '2', '10', '9', '01', '1e3', '-1', 'a', 'B'), fc.string()),
      fc.oneof(fc.integer(), fc.string(), fc.constant(undefined)),
    );
    fc.assert(
      fc.property(fc.array(keyed, { maxLength: 3 }), (value) => {
        expect(canonicalJson(value)).toBe(canonicalJsonByFullWalk(value));
        expect(canonicalJsonAndData(value).data).toStrictEqual(
          JSON.parse(canonicalJsonByFullWalk(value)),
        );
      }),
      { numRuns: 300 },
    );
  });
});
