import type { EventOutboxStore, OutboxEvent } from '../eventOutboxStore';
import { storedCopy } from './storedCopy';

/** Verified webhook events in memory, in arrival order, de-duplicated on the vendor's id. */
export class MemoryEventOutboxStore implements EventOutboxStore {
  /** Ascending by cursor: appends only ever add a larger one. */
  private events: OutboxEvent[] = [];
  private readonly cursorsById = new Map<string, number>();
  private lastCursor = 0;

  async append(event: Omit<OutboxEvent, 'cursor'>): Promise<{ inserted: boolean; cursor: number }> {
    const id = JSON.stringify([event.tenant, event.connector, event.event_id]);
    const known = this.cursorsById.get(id);
    if (known !== undefined) return { inserted: false, cursor: known };
    const cursor = ++this.lastCursor;
    this.events.push({ ...storedCopy(event), cursor });
    this.cursorsById.set(id, cursor);
    return { inserted: true, cursor };
  }

  /** The tenant's events with a cursor greater than `after`, oldest first, at most `limit`. */
  async list(tenant: string, after: number, limit: number): Promise<OutboxEvent[]> {
    const max = Math.max(0, Math.floor(limit));
    const found: OutboxEvent[] = [];
    for (const event of this.events) {
      if (found.length >= max) break;
      if (event.cursor > after && event.tenant === tenant) found.push(storedCopy(event));
    }
    return found;
  }

  async prune(receivedBefore: string): Promise<number> {
    const kept = this.events.filter((event) => event.received_at >= receivedBefore);
    const pruned = this.events.length - kept.length;
    for (const event of this.events) {
      if (event.received_at < receivedBefore) {
        this.cursorsById.delete(JSON.stringify([event.tenant, event.connector, event.event_id]));
      }
    }
    this.events = kept;
    return pruned;
  }
}
