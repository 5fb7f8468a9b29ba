import { codeUnitOrder } from './codeUnitOrder';

// The loader's order (candidates, report entries): by code units, the same in every locale.
describe('the loader order of paths and keys', () => {
  it('sorts by UTF-16 code units (upper case before lower), not by locale', () => {
    expect(['beta', 'Alpha', 'alpha', 'a_b', 'ab', 'a1'].sort(codeUnitOrder)).toEqual([
      'Alpha',
      'a1',
      'a_b',
      'ab',
      'alpha',
      'beta',
    ]);
    expect(codeUnitOrder('same', 'same')).toBe(0);
  });
});
