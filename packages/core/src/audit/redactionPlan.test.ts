import { z } from 'zod';
import { personal, secret } from '../contract/fieldMarks';
import { redactPayload } from './redaction';
import { childForIndex, childForKey, positionOf } from './schemaPosition';

const confidential = (schema: z.ZodType, value: unknown) =>
  redactPayload(value, { schema, classification: 'confidential', secrets: ['tok_live_1'] });

describe('redaction plans remembered per schema', () => {
  it('gives the same positions for the same schema, so a schema is walked once', () => {
    const schema = z.object({
      email: personal(z.string()),
      card: z.object({ cvc: secret(z.string()) }),
    });
    const root = positionOf([schema]);
    expect(positionOf([schema])).toBe(root);
    expect(childForKey(root, 'email')).toBe(childForKey(root, 'email'));
    expect(childForKey(root, 'email').marks).toEqual({ personal: true });
    expect(childForKey(childForKey(root, 'card'), 'cvc').marks).toEqual({ secret: true });
  });

  it('redacts every call alike, the first and the hundredth', () => {
    const schema = z
      .object({ email: personal(z.string()), note: z.string() })
      .catchall(secret(z.string()));
    const value = { email: 'a@b.c', note: 'paid tok_live_1', extra: 'x', more: 'y' };
    const first = confidential(schema, value);
    for (let i = 0; i < 100; i++) expect(confidential(schema, value)).toEqual(first);
    expect(first).toEqual({
      email: '[personal]',
      note: 'paid [REDACTED]',
      extra: '[secret]',
      more: '[secret]',
    });
  });

  it('describes keys outside the shape by the catchall, and tuple items past the list by rest', () => {
    const obj = positionOf([z.object({ a: z.string() }).catchall(personal(z.string()))]);
    expect(childForKey(obj, 'zzz').marks).toEqual({ personal: true });
    expect(childForKey(obj, 'a').marks).toEqual({});
    const tuple = positionOf([z.tuple([secret(z.string())], personal(z.string()))]);
    expect(childForIndex(tuple, 0).marks).toEqual({ secret: true });
    expect(childForIndex(tuple, 7).marks).toEqual({ personal: true });
  });

  it('follows a recursive schema as deep as the data goes', () => {
    interface Node {
      name: string;
      kids?: Node[];
    }
    const node: z.ZodType<Node> = z.lazy(() =>
      z.object({ name: personal(z.string()), kids: z.array(node).optional() }),
    );
    let value: Node = { name: 'leaf' };
    // 12 nodes are 24 levels of objects and arrays: within the walk's depth limit.
    for (let i = 0; i < 12; i++) value = { name: `n${i}`, kids: [value] };
    let redacted = confidential(node, value) as Node;
    for (let i = 0; i < 12; i++) {
      expect(redacted.name).toBe('[personal]');
      redacted = redacted.kids![0]!;
    }
    expect(redacted).toEqual({ name: '[personal]' });
  });
});
