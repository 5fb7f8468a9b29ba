import { REDACTED, cachedSecretScrubber, scrubSecrets, secretForms } from './secretScrubber';

describe('scrubSecrets', () => {
  const secrets = ['sk_live_123', 'p@ss word'];

  it('replaces every occurrence in nested strings and keys without touching the input', () => {
    const input = {
      message: 'key sk_live_123 rejected (sk_live_123)',
      nested: [{ header: 'Bearer sk_live_123' }, 42, null, true],
      ['sk_live_123']: 'as a key',
    };
    const out = scrubSecrets(input, secrets);
    expect(out).toEqual({
      message: `key ${REDACTED} rejected (${REDACTED})`,
      nested: [{ header: `Bearer ${REDACTED}` }, 42, null, true],
      [REDACTED]: 'as a key',
    });
    expect(input.message).toBe('key sk_live_123 rejected (sk_live_123)');
  });

  it('replaces the longer secret whole when one secret contains another', () => {
    expect(scrubSecrets('token abc123', ['abc', 'abc123'])).toBe(`token ${REDACTED}`);
  });

  it('ignores empty secrets instead of redacting everything', () => {
    expect(scrubSecrets('plain text', [''])).toBe('plain text');
  });

  it('scrubs secrets inside byte buffers', () => {
    const out = scrubSecrets(Buffer.from('auth=sk_live_123;'), secrets);
    expect(out.toString()).toBe(`auth=${REDACTED};`);
  });

  it('turns errors into plain scrubbed objects, dropping their other fields', () => {
    const error = Object.assign(new Error('connect failed with sk_live_123'), {
      code: 'ECONNRESET',
      config: { headers: { Authorization: 'Bearer sk_live_123' } },
    });
    const out = scrubSecrets({ cause: error }, secrets);
    expect(out.cause).toEqual({
      name: 'Error',
      message: `connect failed with ${REDACTED}`,
      code: 'ECONNRESET',
    });
  });

  it('copies cyclic structures without looping', () => {
    const cyclic: Record<string, unknown> = { secret: 'p@ss word' };
    cyclic.self = cyclic;
    const out = scrubSecrets(cyclic, secrets);
    expect(out.secret).toBe(REDACTED);
    expect(out.self).toBe(out);
  });
});

describe('secretForms', () => {
  it('adds the URL-encoded and JSON-escaped forms when they differ', () => {
    expect(secretForms('a b"c')).toEqual(['a b"c', 'a%20b%22c', 'a+b%22c', 'a b\\"c']);
    expect(secretForms('plain')).toEqual(['plain']);
  });
});

describe('cachedSecretScrubber', () => {
  it('scrubs like createSecretScrubber, and follows a list edited in place', () => {
    const secrets = ['s3cr3t-one'];
    expect(cachedSecretScrubber(secrets)('a s3cr3t-one b')).toBe('a [REDACTED] b');
    expect(cachedSecretScrubber(secrets)('x s3cr3t-one')).toBe('x [REDACTED]');
    secrets.push('other-key');
    expect(cachedSecretScrubber(secrets)('other-key s3cr3t-one')).toBe('[REDACTED] [REDACTED]');
    secrets.length = 0;
    expect(cachedSecretScrubber(secrets)('other-key')).toBe('other-key');
  });
});
