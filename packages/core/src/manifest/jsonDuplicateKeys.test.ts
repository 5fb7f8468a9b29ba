import fc from 'fast-check';
import { validManifest } from './__fixtures__/validManifest';
import { firstDuplicateKey } from './jsonDuplicateKeys';
import { parseManifestText } from './validateManifest';

// Outsider finding h5-F10: a second "approval_policy" in one operation was accepted (the last
// wins), and the gate's annotation pointed at the line that still read the first value.
describe('keys written twice in one object', () => {
  it('finds the second occurrence, with its path and line', () => {
    expect(firstDuplicateKey('{"a": 1,\n "b": {"c": [1, {"d": 2,\n "d": 3}]}}')).toEqual({
      path: ['b', 'c', 1, 'd'],
      key: 'd',
      line: 3,
    });
    expect(firstDuplicateKey('{"x": "a\\"b", "y": {"x": 1}, "x": 2}')).toMatchObject({
      path: ['x'],
    });
    expect(firstDuplicateKey('{"\\u0061": 1, "a": 2}')).toMatchObject({ key: 'a' });
    expect(firstDuplicateKey('{"a": ["a", "a"], "b": {"a": 1}, "c": "\\\\"}')).toBeUndefined();
  });

  it('is a duplicate_key issue of the manifest naming the path and the line', () => {
    const text = JSON.stringify(validManifest, null, 2).replace(
      '"approval_policy": "auto",',
      '"approval_policy": "approval_required",\n  "approval_policy": "auto",',
    );
    const result = parseManifestText(text, 'connector.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'duplicate_key',
        path: 'approval_policy',
        message: expect.stringContaining(
          '"approval_policy" is written twice in one object (again on line',
        ),
      }),
    ]);
  });

  it('finds none in any text JSON.stringify writes (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        expect(firstDuplicateKey(JSON.stringify(value, null, indent) ?? 'null')).toBeUndefined();
      }),
    );
  });

  it('finds a key repeated anywhere in an object, however nested (property)', () => {
    const key = fc.string({ maxLength: 6 });
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.jsonValue(), { minKeys: 1 }),
        fc.nat(),
        fc.array(fc.constantFrom('a', 'b'), { maxLength: 4 }),
        (object, pick, nesting) => {
          const keys = Object.keys(object);
          const repeated = keys[pick % keys.length]!;
          const body = JSON.stringify(object).slice(1, -1);
          let text = `{${body},${JSON.stringify(repeated)}:null}`;
          for (const outer of nesting) text = `{"${outer}":[${text}]}`;
          const found = firstDuplicateKey(text);
          expect(found?.key).toBe(repeated);
          expect(found?.path).toEqual([
            ...[...nesting].reverse().flatMap((outer) => [outer, 0]),
            repeated,
          ]);
        },
      ),
    );
  });
});
