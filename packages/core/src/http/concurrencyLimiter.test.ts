import { ConcurrencyLimiter } from './concurrencyLimiter';

describe('ConcurrencyLimiter', () => {
  const signal = new AbortController().signal;

  it('hands freed slots to waiters in arrival order', async () => {
    const limiter = new ConcurrencyLimiter(1);
    expect(limiter.tryAcquire()).toBe(true);
    const order: string[] = [];
    const a = limiter.wait(signal).then((ok) => order.push(`a:${ok}`));
    const b = limiter.wait(signal).then((ok) => order.push(`b:${ok}`));
    expect(limiter.queued).toBe(2);
    limiter.release();
    await a;
    expect(order).toEqual(['a:true']);
    expect(limiter.inFlight).toBe(1);
    limiter.release();
    await b;
    expect(order).toEqual(['a:true', 'b:true']);
    limiter.release();
    expect(limiter.inFlight).toBe(0);
  });

  it('removes an aborted waiter without giving it a slot', async () => {
    const limiter = new ConcurrencyLimiter(1);
    limiter.tryAcquire();
    const controller = new AbortController();
    const aborted = limiter.wait(controller.signal);
    const next = limiter.wait(signal);
    controller.abort();
    expect(await aborted).toBe(false);
    limiter.release();
    expect(await next).toBe(true);
    expect(limiter.queued).toBe(0);
    expect(limiter.inFlight).toBe(1);
  });

  it('lets each waiter go at its own deadline, on the clock it was given, and keeps the rest in order', async () => {
    jest.useFakeTimers();
    try {
      let now = 1_000;
      const limiter = new ConcurrencyLimiter(1, () => now);
      limiter.tryAcquire();
      const outcome: string[] = [];
      const waiting = [
        limiter.wait(undefined, now + 30).then((ok) => outcome.push(`a:${ok}`)),
        limiter.wait(undefined, now + 10).then((ok) => outcome.push(`b:${ok}`)),
        limiter.wait(undefined, now + 20).then((ok) => outcome.push(`c:${ok}`)),
        limiter.wait(undefined).then((ok) => outcome.push(`d:${ok}`)),
      ];
      // One shared timer for the queue, whatever its length.
      expect(jest.getTimerCount()).toBe(1);
      now += 10;
      await jest.advanceTimersByTimeAsync(10);
      expect(outcome).toEqual(['b:false']);
      now += 10;
      await jest.advanceTimersByTimeAsync(10);
      expect(outcome).toEqual(['b:false', 'c:false']);
      expect(limiter.queued).toBe(2);
      limiter.release();
      limiter.release();
      await Promise.all(waiting);
      expect(outcome).toEqual(['b:false', 'c:false', 'a:true', 'd:true']);
      expect(limiter.inFlight).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses at once a wait whose deadline has already passed', async () => {
    const limiter = new ConcurrencyLimiter(1, () => 50);
    limiter.tryAcquire();
    expect(await limiter.wait(undefined, 50)).toBe(false);
    expect(limiter.queued).toBe(0);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(RangeError);
    expect(() => new ConcurrencyLimiter(1.5)).toThrow(RangeError);
  });
});
