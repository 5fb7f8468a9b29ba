import fc from 'fast-check';
import { DlxError } from '@dealix/connector-core/api';
import { DEFAULT_RETRY, decideClientRetry, parseRetryAfter } from './retryPolicy';

const NOW = Date.UTC(2027, 0, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads whole seconds as ms (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 ** 9 }), (seconds) => {
        expect(parseRetryAfter(String(seconds), NOW)).toBe(seconds * 1000);
        expect(parseRetryAfter(` ${seconds} `, NOW)).toBe(seconds * 1000);
      }),
    );
  });

  it('reads an HTTP date as the time left until it, never below 0 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (seconds) => {
        const date = new Date(NOW + seconds * 1000).toUTCString();
        expect(parseRetryAfter(date, NOW)).toBe(Math.max(0, seconds * 1000));
      }),
    );
  });

  it('ignores anything else: absent, negative, fractional, free text (property)', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    for (const bad of ['-1', '1.5', '', 'soon', '2027-01-01T12:00:00Z', '1e3']) {
      expect(parseRetryAfter(bad, NOW)).toBeUndefined();
    }
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\s*\d+\s*$/.test(s) && !/GMT\s*$/.test(s)),
        (text) => {
          expect(parseRetryAfter(text, NOW)).toBeUndefined();
        },
      ),
    );
  });
});

describe('decideClientRetry', () => {
  const retryable = (code: 'DLX_E_VENDOR_TRANSIENT' | 'DLX_E_RUNTIME_SHUTTING_DOWN') =>
    new DlxError(code, 'x');
  const ctx = {
    attempt: 1,
    repeatable: 'any' as const,
    retryAfterMs: undefined,
    retry: DEFAULT_RETRY,
  };

  it('waits the longer of Retry-After, the body and the backoff, within maxWaitMs (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.option(fc.nat({ max: 60_000 }), { nil: undefined }),
        fc.option(fc.nat({ max: 60_000 }), { nil: undefined }),
        (attempt, header, body) => {
          const error = new DlxError('DLX_E_VENDOR_RATE_LIMITED', 'x', {
            ...(body !== undefined && { retryAfterMs: body }),
          });
          const verdict = decideClientRetry(error, { ...ctx, attempt, retryAfterMs: header });
          const wait = Math.max(header ?? body ?? 0, 250 * 2 ** (attempt - 1));
          expect(verdict).toEqual(
            wait > DEFAULT_RETRY.maxWaitMs ? { action: 'fail' } : { action: 'retry', waitMs: wait },
          );
        },
      ),
    );
  });

  it('never repeats what the host does not mark retryable, nor past the attempts', () => {
    expect(decideClientRetry(new DlxError('DLX_E_APPROVAL_DENIED', 'x'), ctx)).toEqual({
      action: 'fail',
    });
    expect(decideClientRetry(retryable('DLX_E_VENDOR_TRANSIENT'), { ...ctx, attempt: 3 })).toEqual({
      action: 'fail',
    });
    const overridden = new DlxError('DLX_E_VENDOR_PERMANENT', 'x', { retryable: true });
    expect(decideClientRetry(overridden, ctx)).toEqual({ action: 'retry', waitMs: 250 });
  });

  it('without a key repeats only answers the host gave before running the call', () => {
    const keyless = { ...ctx, repeatable: 'refused_only' as const };
    expect(decideClientRetry(retryable('DLX_E_VENDOR_TRANSIENT'), keyless)).toEqual({
      action: 'fail',
    });
    expect(decideClientRetry(retryable('DLX_E_RUNTIME_SHUTTING_DOWN'), keyless)).toEqual({
      action: 'retry',
      waitMs: 250,
    });
  });
});
