import { inspect } from 'node:util';
import fc from 'fast-check';
import { deepFreeze, storedCopy } from './storedCopy';

describe('storedCopy', () => {
  it('copies what structuredClone copies, and keeps by reference what it refuses', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withSparseArray: true,
          withNullPrototype: true,
          withBoxedValues: true,
        }),
        (value) => {
          let expected: unknown;
          try {
            expected = structuredClone(value);
          } catch {
            expected = value;
          }
          const copy = storedCopy(value);
          // inspect, not a deep-equal: under jest, structuredClone's objects come from another
          // realm, and inspect shows what matters here (shape, holes, -0, null prototypes).
          expect(inspect(copy, { depth: null })).toBe(inspect(expected, { depth: null }));
          if (typeof value === 'object' && value !== null && expected !== value) {
            expect(copy).not.toBe(value);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps shared and circular references shared, as structuredClone does', () => {
    const shared = { s: 1 };
    const looped: Record<string, unknown> = { a: shared, b: [shared] };
    looped['self'] = looped;
    const copy = storedCopy(looped) as { a: object; b: object[]; self: unknown };
    expect(copy.a).toBe(copy.b[0]);
    expect(copy.a).not.toBe(shared);
    expect(copy.self).toBe(copy);
  });

  it('keeps an array with holes or extra properties as structuredClone copies it', () => {
    const extra = Object.assign([1, 2], { note: 'kept' });
    // eslint-disable-next-line no-sparse-arrays -- a hole must stay a hole
    const holey = [1, , 3];
    expect(storedCopy(extra)).toEqual(structuredClone(extra));
    expect((storedCopy(extra) as unknown as { note: string }).note).toBe('kept');
    expect(1 in storedCopy(holey)).toBe(false);
  });

  it('keeps a proxy by reference, which structuredClone refuses to copy', () => {
    const proxied = new Proxy({ a: 1 }, {});
    expect(storedCopy(proxied)).toBe(proxied);
  });

  it('copies a "__proto__" key as data', () => {
    const value = JSON.parse('{"__proto__":{"polluted":true}}') as object;
    const copy = storedCopy(value);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
  });
});

describe('deepFreeze', () => {
  it('freezes nested objects and arrays', () => {
    const value = deepFreeze({ a: { b: [1, { c: 2 }] } });
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a.b)).toBe(true);
    expect(Object.isFrozen(value.a.b[1])).toBe(true);
  });
});
