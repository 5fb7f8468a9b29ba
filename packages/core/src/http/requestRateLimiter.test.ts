import { RequestRateLimiter } from './requestRateLimiter';

describe('RequestRateLimiter', () => {
  it('allows a burst of one second of requests, then spaces them by 1/rate', () => {
    let now = 1000;
    const limiter = new RequestRateLimiter(2, () => now);
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([
      0, 0, 500, 1000,
    ]);
    now += 2000;
    expect(limiter.reserve()).toBe(0);
  });

  it('refills over time up to the burst, not beyond', () => {
    let now = 0;
    const limiter = new RequestRateLimiter(1, () => now);
    expect(limiter.reserve()).toBe(0);
    now = 10_000;
    expect(limiter.reserve()).toBe(0);
    expect(limiter.reserve()).toBe(1000);
  });

  it('gives back the token of a request that never went out', () => {
    const now = 0;
    const limiter = new RequestRateLimiter(1, () => now);
    limiter.reserve();
    expect(limiter.reserve()).toBe(1000);
    limiter.refund();
    expect(limiter.reserve()).toBe(1000);
  });

  it('answers false, without waiting out the token, when the signal aborts', async () => {
    const limiter = new RequestRateLimiter(0.001);
    const controller = new AbortController();
    expect(await limiter.acquire(controller.signal)).toBe(true);
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new RequestRateLimiter(0)).toThrow(RangeError);
    expect(() => new RequestRateLimiter(Number.NaN)).toThrow(RangeError);
  });
});
