/**
 * Named counts of the side effects a simulator performed (payments created, messages sent...),
 * so a test can prove a vendor action happened exactly once whatever the retries.
 */
export class SideEffectCounters {
  private readonly counts = new Map<string, number>();

  increment(name: string, by = 1): number {
    const next = this.get(name) + by;
    this.counts.set(name, next);
    return next;
  }

  /** 0 for a counter never incremented. */
  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }
}
