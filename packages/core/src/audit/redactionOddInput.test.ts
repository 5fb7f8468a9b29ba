import fc from 'fast-check';
import { canonicalJson } from '../digest/canonicalJson';
import { DlxError } from '../errors/dlxError';
import { redactPayload } from './redaction';

const API_KEY = 'sk_live_51HxYzSECRETvalue';
const WEBHOOK_SECRET = 'whsec_abc123';
const SECRETS = [API_KEY, WEBHOOK_SECRET];

describe('redactPayload on odd input', () => {
  const scrub = (value: unknown): unknown =>
    redactPayload(value, { classification: 'internal', secrets: SECRETS });

  it('writes cycles, non-finite numbers, bigints, dates and bytes as JSON data', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic['self'] = cyclic;
    expect(
      scrub({
        cyclic,
        nan: Number.NaN,
        big: 10n,
        at: new Date('2024-01-01T00:00:00.000Z'),
        bytes: Buffer.from('hi'),
        fn: () => 1,
        list: [undefined, Symbol('s')],
      }),
    ).toEqual({
      cyclic: { name: 'x', self: '[circular]' },
      nan: 'NaN',
      big: '10',
      at: '2024-01-01T00:00:00.000Z',
      bytes: 'aGk=',
      list: [null, null],
    });
  });

  it('marks a property whose getter throws instead of failing', () => {
    const hostile = Object.defineProperty({ ok: 1 }, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('no');
      },
    });
    expect(scrub(hostile)).toEqual({ ok: 1, boom: '[unreadable]' });
  });

  it('stops at a bounded depth', () => {
    let deep: unknown = API_KEY;
    for (let i = 0; i < 1000; i++) deep = { next: deep };
    expect(canonicalJson(scrub(deep))).toContain('"[truncated]"');
    expect(canonicalJson(scrub(deep))).not.toContain(API_KEY);
  });

  it('scrubs the data of Maps, Sets and toJSON shapes', () => {
    const err = new DlxError('DLX_E_VENDOR_AUTH', `bad key ${API_KEY}`);
    expect(scrub({ m: new Map([['k', API_KEY]]), s: new Set([WEBHOOK_SECRET]), err })).toEqual({
      m: [['k', '[REDACTED]']],
      s: ['[REDACTED]'],
      err: expect.objectContaining({ code: 'DLX_E_VENDOR_AUTH', message: 'bad key [REDACTED]' }),
    });
  });

  it('never throws and always returns data that has a canonical JSON form', () => {
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
        }),
        (value) => {
          for (const classification of ['public', 'confidential', 'restricted'] as const) {
            const redacted = redactPayload(value, { classification, secrets: SECRETS });
            expect(() => canonicalJson(redacted)).not.toThrow();
          }
        },
      ),
    );
  });
});
