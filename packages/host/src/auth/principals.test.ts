import fc from 'fast-check';
import { PrincipalDirectory, type TokenEntry } from './principals';

const entry = (name: string, token: string): TokenEntry => ({
  name,
  roles: ['operator'],
  tenants: ['acme'],
  token,
});

describe('PrincipalDirectory', () => {
  it('answers a configured token with its principal, every time, and anything else with none', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 32, maxLength: 48 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.string({ maxLength: 48 }), { maxLength: 10 }),
        (tokens, others) => {
          const directory = new PrincipalDirectory(tokens.map((t, i) => entry(`t${i}`, t)));
          // Twice each: the second lookup of a known token is answered from memory.
          for (const [i, token] of [...tokens.entries(), ...tokens.entries()]) {
            expect(directory.authenticate(token)?.name).toBe(`t${i}`);
          }
          for (const other of others.filter((o) => !tokens.includes(o))) {
            expect(directory.authenticate(other)).toBeUndefined();
          }
        },
      ),
    );
  });

  it('refuses near misses of a token it has seen: a prefix, one more character, one changed', () => {
    const token = 'tok_operator_0123456789abcdefghijklmnop';
    const directory = new PrincipalDirectory([entry('ops', token)]);
    expect(directory.authenticate(token)?.name).toBe('ops');
    for (const guess of [
      token.slice(0, -1),
      `${token}x`,
      `${token.slice(0, -1)}q`,
      '',
      undefined,
    ]) {
      expect(directory.authenticate(guess)).toBeUndefined();
    }
    expect(directory.authenticate(token)?.name).toBe('ops');
  });
});
