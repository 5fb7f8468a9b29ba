import { DlxError } from '../errors/dlxError';
import { VirtualClock } from '../runtime/clock';
import { TokenCache, type AccessToken } from './tokenCache';

function cacheWith(
  clock = new VirtualClock(),
  answers: Array<(signal: AbortSignal) => Promise<AccessToken>> = [],
) {
  const registered: string[] = [];
  let fetches = 0;
  const cache = new TokenCache({
    clock,
    refreshMarginMs: 1_000,
    onToken: (token) => registered.push(token),
    fetch: (signal) => {
      fetches++;
      const answer = answers.shift();
      return answer ? answer(signal) : Promise.resolve({ token: `tok_${fetches}` });
    },
  });
  return { cache, registered, fetches: () => fetches };
}

describe('TokenCache', () => {
  it('fetches once for many callers at the same time, and registers the token first', async () => {
    const { cache, registered, fetches } = cacheWith();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    expect(new Set(tokens.map((t) => t.token))).toEqual(new Set(['tok_1']));
    expect(fetches()).toBe(1);
    expect(registered).toEqual(['tok_1']);
    expect((await cache.get()).token).toBe('tok_1');
    expect(fetches()).toBe(1);
  });

  it('replaces a token before it expires, by the injected clock', async () => {
    const clock = new VirtualClock(1_000_000);
    const now = () => clock.now();
    const { cache, fetches } = cacheWith(clock, [
      async () => ({ token: 'early', expiresAt: now() + 10_000 }),
      async () => ({ token: 'later', expiresAt: now() + 10_000 }),
    ]);
    expect((await cache.get()).token).toBe('early');
    clock.advance(8_000);
    expect((await cache.get()).token).toBe('early');
    clock.advance(1_500); // inside the 1 s refresh margin
    const again = await Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(again.map((t) => t.token)).toEqual(['later', 'later', 'later']);
    expect(fetches()).toBe(2);
  });

  it('drops only the token that was refused, so late refusals of an old one cost nothing', async () => {
    const { cache, fetches } = cacheWith();
    const first = await cache.get();
    cache.invalidate(first.token);
    const second = await cache.get();
    cache.invalidate(first.token);
    expect((await cache.get()).token).toBe(second.token);
    expect(fetches()).toBe(2);
  });

  it("ends one caller's wait on its own abort, while the shared fetch serves the others", async () => {
    let release!: (token: AccessToken) => void;
    const { cache } = cacheWith(undefined, [
      () => new Promise<AccessToken>((resolve) => (release = resolve)),
    ]);
    const impatient = new AbortController();
    const first = cache.get(impatient.signal);
    const second = cache.get();
    impatient.abort(new Error('caller gave up'));
    await expect(first).rejects.toThrow('caller gave up');
    release({ token: 'shared' });
    expect((await second).token).toBe('shared');
  });

  it('says a failed token request never reached the vendor for the call waiting on it', async () => {
    const reset = new DlxError('DLX_E_VENDOR_NETWORK', 'POST /oauth2/token failed: ECONNRESET', {
      mayHaveReachedVendor: true,
      details: { host: 'login.example' },
    });
    const refusedEarly = new DlxError('DLX_E_VENDOR_AUTH', 'no route', {
      mayHaveReachedVendor: false,
    });
    const { cache } = cacheWith(undefined, [
      () => Promise.reject(reset),
      () => Promise.reject(refusedEarly),
    ]);
    const error = await cache.get().catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'DLX_E_VENDOR_NETWORK',
      retryable: true,
      mayHaveReachedVendor: false,
      details: { host: 'login.example' },
      cause: reset,
    });
    await expect(cache.get()).rejects.toBe(refusedEarly);
  });

  it('fails every waiter of a failed fetch with an auth error, then tries again', async () => {
    const { cache, fetches } = cacheWith(undefined, [() => Promise.reject(new Error('boom'))]);
    const failures = await Promise.allSettled([cache.get(), cache.get()]);
    expect(failures.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    expect((failures[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'DLX_E_VENDOR_AUTH',
    });
    expect((await cache.get()).token).toBe('tok_2');
    expect(fetches()).toBe(2);
  });
});
