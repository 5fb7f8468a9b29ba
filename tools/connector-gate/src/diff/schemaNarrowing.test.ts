import { compareInputSchemas } from './schemaNarrowing';

const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  ...extra,
});

const kinds = (before: unknown, after: unknown) =>
  compareInputSchemas(before, after).map((d) => [d.at, d.kind]);

describe('input schema narrowing rules', () => {
  it('finds no difference between equal schemas, whatever the key order', () => {
    expect(
      compareInputSchemas(object({ a: { type: 'string' } }, { required: ['a'] }), {
        required: ['a'],
        properties: { a: { type: 'string' } },
        type: 'object',
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'a newly required property',
      object({ a: { type: 'string' } }),
      object({ a: { type: 'string' } }, { required: ['a'] }),
      '',
    ],
    [
      'string narrowed to an enum',
      object({ a: { type: 'string' } }),
      object({ a: { type: 'string', enum: ['x'] } }),
      'a',
    ],
    [
      'string narrowed to a const',
      object({ a: { type: 'string' } }),
      object({ a: { type: 'string', const: 'x' } }),
      'a',
    ],
    [
      'number narrowed to integer',
      object({ a: { type: 'number' } }),
      object({ a: { type: 'integer' } }),
      'a',
    ],
    [
      'an enum value removed',
      object({ a: { enum: ['x', 'y'] } }),
      object({ a: { enum: ['x'] } }),
      'a',
    ],
    [
      'a minimum raised',
      object({ a: { type: 'number', minimum: 1 } }),
      object({ a: { type: 'number', minimum: 2 } }),
      'a',
    ],
    [
      'a maximum added',
      object({ a: { type: 'number' } }),
      object({ a: { type: 'number', maximum: 10 } }),
      'a',
    ],
    [
      'a maximum lowered',
      object({ a: { type: 'number', maximum: 10 } }),
      object({ a: { type: 'number', maximum: 5 } }),
      'a',
    ],
    [
      'an exclusive minimum raised',
      object({ a: { exclusiveMinimum: 0 } }),
      object({ a: { exclusiveMinimum: 1 } }),
      'a',
    ],
    [
      'a minLength raised',
      object({ a: { type: 'string', minLength: 1 } }),
      object({ a: { type: 'string', minLength: 3 } }),
      'a',
    ],
    [
      'a maxLength lowered',
      object({ a: { type: 'string', maxLength: 10 } }),
      object({ a: { type: 'string', maxLength: 5 } }),
      'a',
    ],
    [
      'a maxItems lowered in a nested list',
      object({ a: { type: 'array', items: { type: 'string', maxLength: 9 } } }),
      object({ a: { type: 'array', items: { type: 'string', maxLength: 4 } } }),
      'a[]',
    ],
    [
      'a pattern added',
      object({ a: { type: 'string' } }),
      object({ a: { type: 'string', pattern: '^x' } }),
      'a',
    ],
    [
      'additionalProperties becoming false',
      object({ a: {} }),
      object({ a: {} }, { additionalProperties: false }),
      '',
    ],
    [
      'an optional property removed from a closed object',
      object({ a: {}, b: {} }, { additionalProperties: false }),
      object({ a: {} }, { additionalProperties: false }),
      '',
    ],
    ['a type list losing a type', { type: ['string', 'null'] }, { type: 'string' }, ''],
    [
      'an anyOf option removed',
      { anyOf: [{ type: 'string' }, { type: 'null' }] },
      { anyOf: [{ type: 'string' }] },
      '',
    ],
    ['a type constraint added', object({ a: {} }), object({ a: { type: 'string' } }), 'a'],
    [
      'a nested property newly required',
      object({ c: object({ e: { type: 'string' } }) }),
      object({ c: object({ e: { type: 'string' } }, { required: ['e'] }) }),
      'c',
    ],
  ])('%s is narrowing', (_name, before, after, at) => {
    expect(kinds(before, after)).toContainEqual([at, 'narrowed']);
  });

  it.each([
    ['a required property released', object({ a: {} }, { required: ['a'] }), object({ a: {} })],
    [
      'integer widened to number',
      object({ a: { type: 'integer' } }),
      object({ a: { type: 'number' } }),
    ],
    ['an enum value added', object({ a: { enum: ['x'] } }), object({ a: { enum: ['x', 'y'] } })],
    [
      'an enum dropped',
      object({ a: { type: 'string', enum: ['x'] } }),
      object({ a: { type: 'string' } }),
    ],
    ['a minimum lowered', object({ a: { minimum: 5 } }), object({ a: { minimum: 1 } })],
    ['a maximum removed', object({ a: { maximum: 5 } }), object({ a: {} })],
    ['an optional property added', object({ a: {} }), object({ a: {}, b: {} })],
    [
      'an optional property removed from an open object',
      object({ a: {}, b: {} }),
      object({ a: {} }),
    ],
    [
      'additionalProperties becoming open',
      object({ a: {} }, { additionalProperties: false }),
      object({ a: {} }),
    ],
    [
      'a pattern changed (unknown direction)',
      object({ a: { pattern: '^x' } }),
      object({ a: { pattern: '^y' } }),
    ],
    ['an unknown keyword changed', { $ref: '#/a' }, { $ref: '#/b' }],
    [
      'an anyOf option added',
      { anyOf: [{ type: 'string' }] },
      { anyOf: [{ type: 'string' }, { type: 'null' }] },
    ],
  ])('%s is a change but not narrowing', (_name, before, after) => {
    const differences = compareInputSchemas(before, after);
    expect(differences.length).toBeGreaterThan(0);
    expect(differences.filter((d) => d.kind === 'narrowed')).toEqual([]);
  });

  it('ignores descriptions, titles and defaults', () => {
    expect(
      compareInputSchemas(
        object({ a: { type: 'string', description: 'x' } }),
        object({ a: { type: 'string', description: 'y', default: 'z', title: 'A' } }),
      ),
    ).toEqual([]);
  });

  it('names where the data narrowed in each detail', () => {
    const [difference] = compareInputSchemas(
      object({ amount: { type: 'number' } }),
      object({ amount: { type: 'integer' } }),
    );
    expect(difference).toEqual({
      at: 'amount',
      kind: 'narrowed',
      detail: 'amount: type number → integer',
    });
  });
});
