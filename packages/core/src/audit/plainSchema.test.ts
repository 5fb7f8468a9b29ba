import { z } from 'zod';
import { personal, safe, secret } from '../contract/fieldMarks';
import { canonicalJson } from '../digest/canonicalJson';
import { parsesToPlainData, redactParsed } from './plainSchema';
import { redactPayload } from './redaction';

// Schemas whose every parse is plain JSON data with no marked field, with values they parse.
const plain: Array<[string, z.ZodType, unknown[]]> = [
  [
    'an object of scalars',
    z.object({ n: z.number(), s: z.string(), b: z.boolean() }),
    [{ n: -0, s: 'x', b: false }],
  ],
  [
    'optional, nullable and readonly members',
    z.object({ a: z.string().optional(), b: z.number().nullable(), c: z.int().readonly() }),
    [
      { b: 1, c: 1 },
      { a: undefined, b: null, c: 2 },
    ],
  ],
  [
    'arrays, tuples, unions, literals and enums',
    z.strictObject({
      items: z.array(z.union([z.literal(['x', 1, true, null]), z.enum(['a', 'b'])])),
      pair: z.tuple([z.string(), z.number().optional()], z.boolean()),
      nested: z.array(z.object({ deep: z.array(z.string()) })),
    }),
    [
      {
        items: ['x', 1, true, null, 'a'],
        pair: ['p', undefined, true, false],
        nested: [{ deep: [] }],
      },
    ],
  ],
  ['a scalar at the root', z.string(), ['plain text']],
];

// Schemas whose parse may hold something redaction changes (or that cannot be told apart).
const notPlain: Array<[string, z.ZodType]> = [
  ['a date', z.object({ at: z.date() })],
  ['a bigint', z.object({ big: z.bigint() })],
  ['a transform', z.object({ s: z.string().transform((s) => new Date(s)) })],
  ['a default (not parsed)', z.object({ s: z.string().default('x') })],
  ['a catch (not parsed)', z.object({ s: z.string().catch('x') })],
  ['a loose object (any extra key)', z.looseObject({ s: z.string() })],
  ['a catch-all', z.object({ s: z.string() }).catchall(z.string())],
  ['a record (any key)', z.record(z.string(), z.string())],
  ['any', z.object({ x: z.any() })],
  ['unknown', z.object({ x: z.unknown() })],
  ['a map', z.map(z.string(), z.string())],
  ['a lazy schema', z.lazy(() => z.string())],
  ['a union with a date', z.union([z.string(), z.date()])],
  ['a personal field', z.object({ name: personal(z.string()) })],
  ['a secret field', z.object({ key: secret(z.string()) })],
  ['a safe field', z.object({ amount: safe(z.number()) })],
  ['a personal field deep down', z.object({ a: z.array(z.object({ e: personal(z.string()) })) })],
];

describe('parsesToPlainData and redactParsed', () => {
  it.each(plain)(
    '%s: plain, and redactParsed gives what redactPayload does',
    (_n, schema, values) => {
      expect(parsesToPlainData(schema)).toBe(true);
      for (const value of values) {
        const parsed = schema.parse(value);
        for (const classification of ['public', 'internal', 'confidential'] as const) {
          const options = { schema, classification, secrets: [] };
          const fast = redactParsed(parsed, options);
          // The value itself: no copy...
          expect(fast).toBe(parsed);
          // ...with the canonical form (what an audit store hashes and keeps) of the copy.
          expect(canonicalJson(fast)).toBe(canonicalJson(redactPayload(parsed, options)));
        }
      }
    },
  );

  it.each(notPlain)('%s: not plain', (_n, schema) => {
    expect(parsesToPlainData(schema)).toBe(false);
  });

  it('redacts as before when there are secrets to remove or the data is restricted', () => {
    const schema = z.object({ note: z.string() });
    expect(parsesToPlainData(schema)).toBe(true);
    const parsed = schema.parse({ note: 'key sk_live_1 leaked' });
    const withSecret = { schema, classification: 'internal' as const, secrets: ['sk_live_1'] };
    expect(redactParsed(parsed, withSecret)).toEqual(redactPayload(parsed, withSecret));
    expect(redactParsed(parsed, withSecret)).toEqual({ note: 'key [REDACTED] leaked' });
    const restricted = { schema, classification: 'restricted' as const, secrets: [] };
    expect(redactParsed(parsed, restricted)).toEqual(redactPayload(parsed, restricted));
    expect(redactParsed(parsed, restricted)).toMatchObject({ redacted: 'restricted' });
  });

  it('gives null for nothing at the root, as redactPayload does', () => {
    const schema = z.string().optional();
    const options = { schema, classification: 'internal' as const, secrets: [] };
    expect(redactParsed(undefined, options)).toBeNull();
    expect(redactPayload(undefined, options)).toBeNull();
  });
});
