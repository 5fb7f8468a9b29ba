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

  it('refuses a cap that is not a positive integer', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(RangeError);
    expect(() => new ConcurrencyLimiter(1.5)).toThrow(RangeError);
  });
});
