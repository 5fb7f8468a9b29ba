import { redactPayload } from './redaction';

const API_KEY = 'sk_live_51HxYzSECRETvalue';
const WEBHOOK_SECRET = 'whsec_abc123';
const SECRETS = [API_KEY, WEBHOOK_SECRET];

describe('redactPayload secret scrubbing', () => {
  const scrub = (value: unknown, secrets: readonly string[] = SECRETS): unknown =>
    redactPayload(value, { classification: 'public', secrets });

  it('replaces every occurrence of every secret, in values and keys, without a schema', () => {
    expect(
      scrub({ a: `${API_KEY}:${API_KEY}`, list: [`x${WEBHOOK_SECRET}y`], [API_KEY]: 1 }),
    ).toEqual({
      a: '[REDACTED]:[REDACTED]',
      list: ['x[REDACTED]y'],
      '[REDACTED]': 1,
    });
  });

  it('replaces a longer secret whole when a shorter one is part of it', () => {
    expect(scrub('token=abcdef', ['abc', 'abcdef'])).toBe('token=[REDACTED]');
  });

  it('ignores empty secrets instead of redacting everything', () => {
    expect(scrub('hello', ['', 'zzz'])).toBe('hello');
  });

  it('does not redact inside its own marker', () => {
    expect(scrub('key RED', ['key', 'RED'])).toBe('[REDACTED] [REDACTED]');
  });

  it('treats regular expression characters in secrets literally', () => {
    expect(scrub('p.a+s$s and pxass', ['p.a+s$s'])).toBe('[REDACTED] and pxass');
  });
});
