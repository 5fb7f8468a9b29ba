import type { Clock } from '@dealix/connector-core/api';

/**
 * Time that moves only when the client sleeps: every wait is recorded and returns at once, so
 * a test asserts the waits the client chose (Retry-After, polling) exactly and waits for none.
 * (core's VirtualClock also counts real elapsed time, which would blur the last wait.)
 */
export class SteppedClock implements Clock {
  readonly sleeps: number[] = [];
  private at = 1_800_000_000_000;

  now(): number {
    return this.at;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.at += ms;
    await Promise.resolve();
  }
}
