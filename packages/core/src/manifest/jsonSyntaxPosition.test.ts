import fc from 'fast-check';
import { jsonSyntaxErrorOffset } from './jsonSyntaxPosition';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonSyntaxErrorOffset', () => {
  it('points at the first offending character', () => {
    expect(jsonSyntaxErrorOffset('{"a": }')).toBe(6);
    expect(jsonSyntaxErrorOffset('[1, 2,]')).toBe(6);
    expect(jsonSyntaxErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonSyntaxErrorOffset('{"a": "b')).toBe(8);
    expect(jsonSyntaxErrorOffset('')).toBe(0);
    expect(jsonSyntaxErrorOffset(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe(-1);
  });

  it('agrees with JSON.parse on valid documents and on near-misses', () => {
    const nearMiss = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', '\u0001', 'x'))
      .map(([text, at, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), nearMiss, fc.string()), (text) => {
        expect(jsonSyntaxErrorOffset(text) === -1).toBe(parses(text));
      }),
      { numRuns: 500 },
    );
  });
});
