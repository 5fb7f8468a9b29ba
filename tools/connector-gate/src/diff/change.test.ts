import { sameJson } from './change';

describe('sameJson', () => {
  it('compares JSON data regardless of key order', () => {
    expect(sameJson({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(true);
  });

  it('tells apart values, list order and lists from objects', () => {
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson(undefined, null)).toBe(false);
    expect(sameJson({ a: { b: 1 } }, { a: { b: 1, c: 2 } })).toBe(false);
  });
});
