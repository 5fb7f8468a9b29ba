import type { GroupCommitStats } from '../tables/auditTable';

/**
 * What `write` returns in place of an item's result when that item alone was refused (its
 * part rolled back) while the rest of the group committed: its submitter hears `error`.
 */
export class ItemRefused {
  constructor(readonly error: unknown) {}
}

/**
 * A bound on the items of one kind a group may hold (those `counts` picks): a group is cut,
 * in submission order, before the item that would pass `max`.
 */
export interface GroupItemLimit<Item> {
  counts: (item: Item) => boolean;
  max: number;
}

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for what every host writes to the same place (the audit chain's head, a
 * connector's sync-state row): items submitted in one turn of the event loop, or while a group
 * is being written, go together as the next group, written by `write` in one transaction. Each
 * submitter hears its result only after that transaction committed; if it fails, every item
 * of the group fails with its error; `write` may also refuse single items (ItemRefused) and
 * commit the others. One group at a time per process, so a host holds the shared lock once per
 * group instead of once per item.
 */
export class GroupWriter<Item, Result> {
  private queue: Pending<Item, Result>[] = [];
  private writing: Promise<void> | undefined;
  private readonly stats: GroupCommitStats = { transactions: 0, records: 0 };

  constructor(
    private readonly write: (items: Item[]) => Promise<(Result | ItemRefused)[]>,
    private readonly maxGroup: number,
    private readonly limit?: GroupItemLimit<Item>,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.writing ??= new Promise<void>((turnEnded) => setImmediate(turnEnded)).then(() =>
        this.drain(),
      );
    });
  }

  /** Resolves once every item submitted so far has committed or failed. */
  async flushed(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
  }

  /** Committed groups and the items they held, in this process. */
  committed(): GroupCommitStats {
    return { ...this.stats };
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.groupLength());
      let results: (Result | ItemRefused)[];
      try {
        results = await this.write(group.map((pending) => pending.item));
      } catch (error) {
        for (const pending of group) pending.reject(error);
        continue;
      }
      let committed = 0;
      group.forEach((pending, i) => {
        const result = results[i]!;
        if (result instanceof ItemRefused) {
          pending.reject(result.error);
        } else {
          committed++;
          pending.resolve(result);
        }
      });
      if (committed > 0) {
        this.stats.transactions += 1;
        this.stats.records += committed;
      }
    }
    this.writing = undefined;
  }

  /** How many queued items the next group takes: at most maxGroup, and `limit` kept. */
  private groupLength(): number {
    const length = Math.min(this.queue.length, this.maxGroup);
    if (this.limit === undefined) return length;
    let counted = 0;
    for (let i = 0; i < length; i++) {
      if (this.limit.counts(this.queue[i]!.item) && ++counted > this.limit.max) return i;
    }
    return length;
  }
}
