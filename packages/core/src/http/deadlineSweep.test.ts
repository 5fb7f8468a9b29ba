import { DeadlineSweep } from './deadlineSweep';

describe('DeadlineSweep', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('expires each deadline at its time, in time order whatever the order added, on one timer', async () => {
    let now = 0;
    const sweep = new DeadlineSweep(() => now, true);
    const expired: string[] = [];
    const deadline = (name: string, at: number) => ({ at, expire: () => expired.push(name) });
    const late = deadline('late', 30);
    const early = deadline('early', 10);
    const removed = deadline('removed', 15);
    const middle = deadline('middle', 20);
    for (const d of [late, early, removed, middle]) sweep.add(d);
    expect(jest.getTimerCount()).toBe(1);
    sweep.remove(removed);
    for (const step of [10, 5, 5, 10]) {
      now += step;
      await jest.advanceTimersByTimeAsync(step);
    }
    expect(expired).toEqual(['early', 'middle', 'late']);
    expect(sweep.size).toBe(0);
  });

  it('never expires a deadline before its time on the given clock', async () => {
    let now = 0;
    const sweep = new DeadlineSweep(() => now, false);
    const expired: number[] = [];
    sweep.add({ at: 10, expire: () => expired.push(10) });
    // The timer fires, but the clock has not reached the deadline: it waits again.
    await jest.advanceTimersByTimeAsync(10);
    expect(expired).toEqual([]);
    // Re-armed for the distance left on the clock.
    now = 5;
    await jest.advanceTimersByTimeAsync(9);
    expect(expired).toEqual([]);
    now = 10;
    await jest.advanceTimersByTimeAsync(1);
    expect(expired).toEqual([10]);
  });

  it('keeps every other deadline when deadlines leave in any order, and ignores a repeat', async () => {
    let now = 0;
    const sweep = new DeadlineSweep(() => now, false);
    const expired: number[] = [];
    const deadlines = [1, 2, 3, 4, 5, 6].map((n) => ({
      at: n * 10,
      expire: () => expired.push(n),
    }));
    for (const d of deadlines) sweep.add(d);
    sweep.add(deadlines[0]!);
    for (const n of [2, 6, 1, 2]) sweep.remove(deadlines[n - 1]!);
    expect(sweep.size).toBe(3);
    now = 60;
    await jest.advanceTimersByTimeAsync(60);
    expect(expired.sort()).toEqual([3, 4, 5]);
    expect(sweep.size).toBe(0);
  });

  it('does not expire a deadline that an earlier expiry in the same sweep removed', async () => {
    let now = 0;
    const sweep = new DeadlineSweep(() => now, false);
    const expired: string[] = [];
    const second = { at: 10, expire: () => expired.push('second') };
    const first = {
      at: 10,
      expire: () => {
        expired.push('first');
        sweep.remove(second);
      },
    };
    sweep.add(first);
    sweep.add(second);
    now = 10;
    await jest.advanceTimersByTimeAsync(10);
    expect(expired).toEqual(['first']);
  });
});
