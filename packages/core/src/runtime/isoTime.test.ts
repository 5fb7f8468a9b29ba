import { isoTime } from './isoTime';

describe('isoTime', () => {
  it('writes what Date#toISOString writes, fractional and repeated times included', () => {
    for (const ms of [
      0, 1_700_000_000_000, 1_700_000_000_000.9, 1_700_000_000_000.2, -1, 86_400_000,
    ]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('throws for an invalid time, as toISOString does', () => {
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
    expect(() => isoTime(8.64e15 + 1)).toThrow(RangeError);
  });
});
