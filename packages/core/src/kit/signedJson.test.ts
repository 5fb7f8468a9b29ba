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
});
