import fc from 'fast-check';
import { z } from 'zod';
import { parseSignedJson, rejectWebhook } from './signedJson';

describe('parseSignedJson', () => {
  const event = z.object({ id: z.string(), type: z.string() });

  it('returns the parsed value of a body in the vendor shape', () => {
    const body = Buffer.from(JSON.stringify({ id: 'evt_1', type: 'ping', extra: 1 }));
    expect(parseSignedJson(body, event, 'an event')).toEqual({
      ok: true,
      value: { id: 'evt_1', type: 'ping' },
    });
  });

  it('refuses a body that is not JSON, or not the shape, as malformed naming it', () => {
    expect(parseSignedJson(Buffer.from('{"id":'), event, 'an event')).toEqual({
      ok: false,
      outcome: rejectWebhook('malformed', 'the signed body is not JSON'),
    });
    expect(parseSignedJson(Buffer.from('{"id":1}'), event, 'a Vendor event')).toEqual({
      ok: false,
      outcome: {
        kind: 'rejected',
        reason: 'malformed',
        message: 'the signed body is not a Vendor event',
      },
    });
  });

  it('never throws: any bytes give the value or a malformed refusal, never echoing the body (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const body = Buffer.from(bytes);
        const result = parseSignedJson(body, event, 'an event');
        if (result.ok) {
          expect(event.safeParse(JSON.parse(body.toString('utf8'))).success).toBe(true);
        } else {
          expect(result.outcome).toMatchObject({ kind: 'rejected', reason: 'malformed' });
          const message = (result.outcome as { message: string }).message;
          expect(['the signed body is not JSON', 'the signed body is not an event']).toContain(
            message,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives back every event of the shape it is sent (property)', () => {
    fc.assert(
      fc.property(fc.record({ id: fc.string(), type: fc.string() }), (sent) => {
        const body = Buffer.from(JSON.stringify(sent));
        expect(parseSignedJson(body, event, 'an event')).toEqual({ ok: true, value: sent });
      }),
    );
  });
});
