import fc from 'fast-check';
import { jsonPaths, valueAt, withValueAt, type Json } from './jsonPaths';
import type { IssuePath } from './pathText';

/** A real connector manifest: the seed every generated case starts from. */
export interface Seed {
  key: string;
  text: string;
  doc: Json;
}

const pathsOf = new WeakMap<object, { all: IssuePath[]; objects: IssuePath[] }>();

/** The seed's paths, and those of its objects (the root included), worked out once. */
function seedPaths(seed: Seed): { all: IssuePath[]; objects: IssuePath[] } {
  let known = pathsOf.get(seed);
  if (known === undefined) {
    const all = jsonPaths(seed.doc);
    const objects = [[], ...all].filter((p) => typeOf(valueAt(seed.doc, p)) === 'object');
    known = { all, objects };
    pathsOf.set(seed, known);
  }
  return known;
}

/** A generated manifest and, for a local mutation, the path it broke. */
export interface MutatedCase {
  doc: Json;
  path: IssuePath;
  /** swap_type and unknown_key must be refused at that path; the others may be accepted. */
  mutation: 'swap_type' | 'unknown_key' | 'delete' | 'odd_value';
}

const OTHER_TYPES: Record<string, Json[]> = {
  string: [7, true, null, [], {}],
  number: ['7', false, null, [1], { n: 1 }],
  boolean: ['true', 1, null, [], {}],
  object: ['{}', 1, true, null, []],
  array: ['[]', 1, false, null, {}],
  null: ['null', 0, false, [], {}],
};
const ODD_VALUES: Record<string, Json[]> = {
  string: ['', ' ', 'x'.repeat(2_500), '\u0000', '\ud800', '${config.nope}', '../../etc', 'ﷺ'],
  number: [-1, 0, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2],
  boolean: [true, false],
  object: [{}],
  array: [[], Array.from({ length: 1_200 }, (_, i) => `v${i}`)],
  null: [null],
};
const typeOf = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Variants a manifest must stay valid under: formatting, key order, values within bounds. */
export function validCase(seeds: readonly Seed[]): fc.Arbitrary<{ seed: Seed; text: string }> {
  return fc
    .record({
      seed: fc.constantFrom(...seeds),
      indent: fc.constantFrom(0, 1, 2, 4, '\t'),
      bom: fc.boolean(),
      crlf: fc.boolean(),
      shuffle: fc.nat(),
      name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .()&-]{0,60}[A-Za-z0-9)]$/),
      description: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.;:()'-]{0,300}[A-Za-z.]$/),
      timeout: fc.integer({ min: 1, max: 600_000 }),
    })
    .map(({ seed, indent, bom, crlf, shuffle, name, description, timeout }) => {
      const doc = structuredClone(seed.doc) as Record<string, Json>;
      doc.display_name = name;
      for (const op of Object.values(doc.operations as Record<string, Record<string, Json>>)) {
        op.description = description;
      }
      if (!('deadline_ms' in doc) && !JSON.stringify(doc.operations).includes('deadline_ms')) {
        doc.timeout_ms = timeout;
      }
      let text = JSON.stringify(shuffled(doc, shuffle), null, indent);
      if (crlf) text = text.replace(/\n/g, '\r\n');
      return { seed, text: `${bom ? '\uFEFF' : ''}${text}\n` };
    });
}

/** One local change at a random place of a real manifest. */
export function mutatedCase(seeds: readonly Seed[]): fc.Arbitrary<MutatedCase> {
  return fc
    .record({
      seed: fc.constantFrom(...seeds),
      where: fc.nat(),
      pick: fc.nat(),
      mutation: fc.constantFrom('swap_type', 'unknown_key', 'delete', 'odd_value') as fc.Arbitrary<
        MutatedCase['mutation']
      >,
    })
    .map(({ seed, where, pick, mutation }) => {
      const { all: paths, objects } = seedPaths(seed);
      if (mutation === 'unknown_key') {
        const at = objects[where % objects.length]!;
        const path = [...at, `zz_unknown_${pick % 1000}`];
        return { doc: withValueAt(seed.doc, path, 'zz'), path, mutation };
      }
      const path = paths[where % paths.length]!;
      const current = valueAt(seed.doc, path);
      if (mutation === 'delete')
        return { doc: withValueAt(seed.doc, path, undefined), path, mutation };
      const choices = (mutation === 'swap_type' ? OTHER_TYPES : ODD_VALUES)[typeOf(current)]!;
      return { doc: withValueAt(seed.doc, path, choices[pick % choices.length]!), path, mutation };
    });
}

/** Text no parser should choke on: broken, deep, huge, odd tokens, duplicate and prototype keys. */
export function hostileText(seeds: readonly Seed[]): fc.Arbitrary<string> {
  const seed = fc.constantFrom(...seeds.map((s) => s.text));
  const snippet = fc.constantFrom(
    '\u0000',
    '\ud800',
    '"',
    '{',
    ']',
    ',',
    '1e999',
    'NaN',
    '"__proto__": {"polluted": true},',
    '"constructor": {"prototype": {}},',
    '"connector_key": "evil",',
  );
  return fc.oneof(
    fc.tuple(seed, fc.nat()).map(([text, at]) => text.slice(0, at % text.length)),
    fc.tuple(seed, fc.nat(), snippet).map(([text, at, s]) => {
      const i = at % text.length;
      return `${text.slice(0, i)}${s}${text.slice(i)}`;
    }),
    fc.tuple(seed, snippet).map(([text, s]) => text.replace('{', `{${s}`)),
    fc.integer({ min: 1, max: 5_000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
    fc.integer({ min: 1, max: 5_000 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`),
    fc.integer({ min: 1, max: 5_000 }).map((n) => `{"display_name": "${'x'.repeat(n)}"}`),
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.json(),
    fc.constantFrom('', ' ', '\uFEFF', 'null', '[]', '{}', '"connector.json"', 'true'),
  );
}

/**
 * The few inputs too big to generate thousands of times, each run once: nesting, strings and
 * key counts far past every bound, and a file just over the size limit.
 */
export function hugeTexts(): Array<[string, string]> {
  const keys = (n: number) =>
    JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])));
  return [
    ['arrays nested 200,000 deep', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
    ['objects nested 50,000 deep', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`],
    ['a 900,000-character name', `{"display_name": "${'x'.repeat(900_000)}"}`],
    ['a file over 1,000,000 characters', `{"display_name": "${'x'.repeat(1_000_001)}"}`],
    ['30,000 fields', keys(30_000)],
    [
      'an array of 200,000 owners',
      JSON.stringify({ owners: Array.from({ length: 200_000 }, () => 'o') }),
    ],
  ];
}

/** Objects no validator should choke on: cycles, throwing getters and proxies, exotic types. */
export function hostileObject(seeds: readonly Seed[]): fc.Arbitrary<unknown> {
  const seed = fc.constantFrom(...seeds.map((s) => s.doc));
  const trap = () =>
    new Proxy(
      {},
      {
        get() {
          throw new Error('get trap');
        },
        ownKeys() {
          throw new Error('ownKeys trap');
        },
      },
    );
  const exotic = fc.constantFrom<() => unknown>(
    trap,
    () => new Map([['connector_key', 'x']]),
    () => new Date(0),
    () => BigInt(7),
    () => () => 'a function',
    () => Symbol('s'),
    () => Object.create(null),
    () => new Uint8Array(8),
    () => {
      const o: Record<string, unknown> = {};
      o.self = o;
      return o;
    },
    () =>
      Object.defineProperty({}, 'connector_key', {
        enumerable: true,
        get() {
          throw new Error('getter');
        },
      }),
  );
  return fc.tuple(seed, fc.nat(), exotic).map(([doc, where, make]) => {
    const paths = jsonPaths(doc);
    const path = paths[where % (paths.length + 1)] ?? [];
    if (path.length === 0) return make();
    const copy = structuredClone(doc) as Record<string, unknown>;
    const parent = valueAt(copy as Json, path.slice(0, -1)) as Record<string | number, unknown>;
    parent[path[path.length - 1]!] = make();
    return copy;
  });
}

/** `doc` with every object's keys in an order drawn from `seed`. */
function shuffled(doc: Json, seed: number): Json {
  if (Array.isArray(doc)) return doc.map((v, i) => shuffled(v, seed + i));
  if (doc === null || typeof doc !== 'object') return doc;
  const entries = Object.entries(doc);
  const order = entries.map((_, i) => (i * 7919 + seed) % (entries.length || 1));
  const sorted = entries
    .map((e, i) => [order[i]!, e] as const)
    .sort((a, b) => a[0] - b[0] || a[1][0].localeCompare(b[1][0]));
  return Object.fromEntries(sorted.map(([, [k, v]], i) => [k, shuffled(v, seed + i)]));
}
