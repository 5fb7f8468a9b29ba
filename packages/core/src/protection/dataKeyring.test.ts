import fc from 'fast-check';
import { inspect } from 'node:util';
import { hasErrorCode } from '../errors/dlxError';
import { DataKeyring, isSealedValue } from './dataKeyring';

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
const PLACE = JSON.stringify(['acme', 'vault', 'result:store', 'key-1']);

function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

// Issue 9 item 10: restricted data was stored in plain text, though the design promised it sealed.
describe('DataKeyring (DLX_DATA_KEYS)', () => {
  it('seals with AES-256-GCM under the first key and opens any JSON value', () => {
    const ring = DataKeyring.parse(`k2:${key(2)},k1:${key(1)}`);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const sealed = ring.seal(value, PLACE);
        expect(sealed).toMatchObject({ $sealed: 'aes-256-gcm', kid: 'k2' });
        return JSON.stringify(ring.open(sealed, PLACE)) === JSON.stringify(value);
      }),
    );
  });

  it('opens values sealed with a retired key that is still listed, and names a missing one', () => {
    const old = DataKeyring.parse(`k1:${key(1)}`);
    const sealed = old.seal({ amount: 5 }, PLACE);
    expect(DataKeyring.parse(`k2:${key(2)},k1:${key(1)}`).open(sealed, PLACE)).toEqual({
      amount: 5,
    });
    const missing = refusal(() => DataKeyring.parse(`k2:${key(2)}`).open(sealed, PLACE));
    expect(hasErrorCode(missing, 'DLX_E_STORE_SEALED_VALUE_UNREADABLE')).toBe(true);
    expect((missing as Error).message).toContain('"k1"');
  });

  it('refuses a sealed value that was altered or moved to another record', () => {
    const ring = DataKeyring.parse(`k1:${key(1)}`);
    const sealed = ring.seal({ text: 'hello' }, PLACE);
    const moved = refusal(() =>
      ring.open(sealed, JSON.stringify(['acme', 'vault', 'result:store', 'key-2'])),
    );
    expect(hasErrorCode(moved, 'DLX_E_STORE_SEALED_VALUE_UNREADABLE')).toBe(true);
    const flipped = { ...sealed, data: Buffer.from('tampered!').toString('base64') };
    expect(
      hasErrorCode(
        refusal(() => ring.open(flipped, PLACE)),
        'DLX_E_STORE_SEALED_VALUE_UNREADABLE',
      ),
    ).toBe(true);
    expect(ring.open({ plain: true }, PLACE)).toEqual({ plain: true });
    expect(isSealedValue(sealed)).toBe(true);
  });

  it('refuses a malformed DLX_DATA_KEYS naming the variable and the entry, never a key', () => {
    for (const value of [
      '',
      'k1',
      `k1:${key(1)},k1:${key(2)}`,
      'k1:c2hvcnQ=',
      `bad id:${key(1)}`,
    ]) {
      const error = refusal(() => DataKeyring.parse(value));
      expect(hasErrorCode(error, 'DLX_E_CONFIG_DATA_KEYS_INVALID')).toBe(true);
      expect((error as Error).message).toContain('DLX_DATA_KEYS');
      expect((error as Error).message).not.toContain(key(1));
    }
  });

  it('never prints its keys', () => {
    const ring = DataKeyring.parse(`k1:${key(9)}`);
    const shown = [JSON.stringify({ ring }), String(ring), inspect(ring)].join('\n');
    expect(shown).not.toContain(key(9));
    expect(DataKeyring.parse(ring.toEnvValue()).open(ring.seal(1, PLACE), PLACE)).toBe(1);
  });
});
