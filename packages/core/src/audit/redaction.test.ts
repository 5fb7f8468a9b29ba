import { z } from 'zod';
import { personal, secret } from '../contract/fieldMarks';
import { payloadDigest } from '../digest/canonicalJson';
import { DlxError } from '../errors/dlxError';
import { redactError, redactPayload } from './redaction';

const API_KEY = 'sk_live_51HxYzSECRETvalue';
const WEBHOOK_SECRET = 'whsec_abc123';
const SECRETS = [API_KEY, WEBHOOK_SECRET];

const customerInput = z.object({
  amount: z.number(),
  currency: z.string(),
  customer: z.object({
    name: personal(z.string()),
    email: personal(z.string().email()).optional(),
    phone: personal(z.string().nullable()),
    tags: z.array(z.string()).default([]),
  }),
  card_token: secret(z.string()),
  note: z.string().optional(),
});

const sampleInput = {
  amount: 5000,
  currency: 'SAR',
  customer: {
    name: 'Layla Hassan',
    email: 'layla@example.com',
    phone: '+966500000000',
    tags: ['vip'],
  },
  card_token: 'tok_visa_4242',
  note: `charged with ${API_KEY}`,
};

describe('redactPayload by classification', () => {
  it('keeps only the digest of a restricted payload', () => {
    expect(
      redactPayload(sampleInput, {
        schema: customerInput,
        classification: 'restricted',
        secrets: SECRETS,
      }),
    ).toEqual({
      redacted: 'restricted',
      digest: payloadDigest(sampleInput),
    });
  });

  it('treats an unrecognised classification as restricted', () => {
    const classification = 'secretive' as unknown as 'public';
    expect(redactPayload({ a: 1 }, { classification, secrets: [] })).toEqual({
      redacted: 'restricted',
      digest: payloadDigest({ a: 1 }),
    });
  });

  it('masks personal and secret fields of a confidential payload and keeps the rest', () => {
    expect(
      redactPayload(sampleInput, {
        schema: customerInput,
        classification: 'confidential',
        secrets: SECRETS,
      }),
    ).toEqual({
      amount: 5000,
      currency: 'SAR',
      customer: { name: '[personal]', email: '[personal]', phone: '[personal]', tags: ['vip'] },
      card_token: '[secret]',
      note: 'charged with [REDACTED]',
    });
  });

  it.each(['public', 'internal'] as const)(
    'masks only secret fields of a %s payload',
    (classification) => {
      const redacted = redactPayload(sampleInput, {
        schema: customerInput,
        classification,
        secrets: SECRETS,
      });
      expect(redacted).toEqual({
        ...sampleInput,
        card_token: '[secret]',
        note: 'charged with [REDACTED]',
      });
    },
  );

  it('does not change the value it is given', () => {
    const input = structuredClone(sampleInput);
    redactPayload(input, {
      schema: customerInput,
      classification: 'confidential',
      secrets: SECRETS,
    });
    expect(input).toEqual(sampleInput);
  });

  it('leaves an absent or null marked field as it is', () => {
    const input = {
      ...sampleInput,
      customer: { ...sampleInput.customer, email: undefined, phone: null },
    };
    const redacted = redactPayload(input, {
      schema: customerInput,
      classification: 'confidential',
      secrets: [],
    }) as {
      customer: Record<string, unknown>;
    };
    expect(redacted.customer).toEqual({ name: '[personal]', phone: null, tags: ['vip'] });
  });
});

describe('redactPayload walking the schema', () => {
  const confidential = (schema: z.ZodType, value: unknown): unknown =>
    redactPayload(value, { schema, classification: 'confidential', secrets: SECRETS });

  it('finds marks inside and outside optional, nullable, default and readonly wrappers', () => {
    const schema = z.object({
      inner: personal(z.string()).optional().nullable(),
      outer: personal(z.string().optional()),
      defaulted: personal(z.string()).default('x').readonly(),
      plain: z.string().optional(),
    });
    expect(confidential(schema, { inner: 'a', outer: 'b', defaulted: 'c', plain: 'd' })).toEqual({
      inner: '[personal]',
      outer: '[personal]',
      defaulted: '[personal]',
      plain: 'd',
    });
  });

  it('masks marked fields of objects inside arrays and tuples', () => {
    const schema = z.object({
      contacts: z.array(z.object({ name: personal(z.string()), role: z.string() })),
      pair: z.tuple([personal(z.string()), z.number()]),
    });
    expect(
      confidential(schema, {
        contacts: [
          { name: 'A', role: 'owner' },
          { name: 'B', role: 'cfo' },
        ],
        pair: ['C', 1],
      }),
    ).toEqual({
      contacts: [
        { name: '[personal]', role: 'owner' },
        { name: '[personal]', role: 'cfo' },
      ],
      pair: ['[personal]', 1],
    });
  });

  it('masks a field that any option of a union marks', () => {
    const schema = z.object({
      recipient: z.union([
        z.object({ kind: z.literal('email'), address: personal(z.string()) }),
        z.object({ kind: z.literal('team'), address: z.string() }),
      ]),
      channel: z.discriminatedUnion('type', [
        z.object({ type: z.literal('sms'), to: personal(z.string()) }),
        z.object({ type: z.literal('slack'), room: z.string() }),
      ]),
    });
    expect(
      confidential(schema, {
        recipient: { kind: 'team', address: 'ops' },
        channel: { type: 'sms', to: '+1555' },
      }),
    ).toEqual({
      recipient: { kind: 'team', address: '[personal]' },
      channel: { type: 'sms', to: '[personal]' },
    });
  });

  it('masks the values of a record whose value schema is marked', () => {
    const schema = z.object({
      phones: z.record(z.string(), personal(z.string())),
      counts: z.record(z.string(), z.number()),
    });
    expect(confidential(schema, { phones: { home: '1', work: '2' }, counts: { a: 1 } })).toEqual({
      phones: { home: '[personal]', work: '[personal]' },
      counts: { a: 1 },
    });
  });

  it('finds marks on either side of a pipe or a transform', () => {
    const schema = z.object({
      trimmed: personal(z.string()).transform((s) => s.trim()),
      piped: z.string().pipe(personal(z.string())),
    });
    expect(confidential(schema, { trimmed: ' a ', piped: 'b' })).toEqual({
      trimmed: '[personal]',
      piped: '[personal]',
    });
  });

  it('follows lazy recursive schemas, intersections and catchalls', () => {
    interface Node {
      owner: string;
      children: Node[];
    }
    const node: z.ZodType<Node> = z.lazy(() =>
      z.object({ owner: personal(z.string()), children: z.array(node) }),
    );
    const withCatchall = z.object({ id: z.string() }).catchall(personal(z.string()));
    const both = z.intersection(z.object({ a: personal(z.string()) }), z.object({ b: z.string() }));
    expect(
      confidential(node, { owner: 'root', children: [{ owner: 'leaf', children: [] }] }),
    ).toEqual({
      owner: '[personal]',
      children: [{ owner: '[personal]', children: [] }],
    });
    expect(confidential(withCatchall, { id: '1', nickname: 'Lulu' })).toEqual({
      id: '1',
      nickname: '[personal]',
    });
    expect(confidential(both, { a: 'x', b: 'y' })).toEqual({ a: '[personal]', b: 'y' });
  });

  it('leaves shapes it does not know as they are, but still removes secrets', () => {
    const schema = z.object({ meta: z.any(), blob: z.custom<object>(() => true) });
    expect(
      confidential(schema, {
        meta: { k: `Bearer ${API_KEY}` },
        blob: { n: 1, hook: WEBHOOK_SECRET },
      }),
    ).toEqual({
      meta: { k: 'Bearer [REDACTED]' },
      blob: { n: 1, hook: '[REDACTED]' },
    });
  });

  it('keeps fields the schema does not declare, secret-scrubbed', () => {
    expect(
      confidential(customerInput, { ...sampleInput, extra: { deep: [API_KEY] } }),
    ).toMatchObject({ extra: { deep: ['[REDACTED]'] } });
  });
});

describe('redactError', () => {
  it('removes secret values from the message, vendor fields and details, keeping the code', () => {
    const err = new DlxError('DLX_E_VENDOR_AUTH', `Stripe refused ${API_KEY}`, {
      vendorCode: 'invalid_api_key',
      vendorRequestId: `req_${WEBHOOK_SECRET}`,
      details: { header: `Bearer ${API_KEY}`, nested: [{ v: WEBHOOK_SECRET }] },
    }).toJSON();
    expect(redactError(err, SECRETS)).toEqual({
      ...err,
      message: 'Stripe refused [REDACTED]',
      vendor_request_id: 'req_[REDACTED]',
      details: { header: 'Bearer [REDACTED]', nested: [{ v: '[REDACTED]' }] },
    });
  });

  it('marks details it cannot read instead of throwing', () => {
    const details = Object.defineProperty({}, 'x', {
      enumerable: true,
      get: () => {
        throw new Error('no');
      },
    });
    const err = { ...new DlxError('DLX_E_STORE_FAILURE', 'disk').toJSON(), details };
    expect(redactError(err, SECRETS).details).toEqual({ x: '[unreadable]' });
  });
});
