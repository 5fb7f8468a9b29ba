import type { EventOutboxStore, OutboxEvent } from '../eventOutboxStore';
import { countingCursor, parseCountingCursor } from '../outboxCursor';
import { storedCopy } from './storedCopy';

/** Verified webhook events in memory, in arrival order, de-duplicated on the vendor's id. */
export class MemoryEventOutboxStore implements EventOutboxStore {
  /** Ascending by position: appends only ever add a larger one. */
  private events: (OutboxEvent & { position: number })[] = [];
  private readonly cursorsById = new Map<string, string>();
  private lastPosition = 0;

  async append(event: Omit<OutboxEvent, 'cursor'>): Promise<{ inserted: boolean; cursor: string }> {
    const id = JSON.stringify([event.tenant, event.connector, event.event_id]);
    const known = this.cursorsById.get(id);
    if (known !== undefined) return { inserted: false, cursor: known };
    const position = ++this.lastPosition;
    const cursor = countingCursor(position);
    this.events.push({ ...storedCopy(event), cursor, position });
    this.cursorsById.set(id, cursor);
    return { inserted: true, cursor };
  }

  /** The tenant's events after the cursor `after`, oldest first, at most `limit`. */
  async list(tenant: string, after: string | undefined, limit: number): Promise<OutboxEvent[]> {
    const from = parseCountingCursor(after, () => this.lastPosition);
    const max = Math.max(0, Math.floor(limit));
    const found: OutboxEvent[] = [];
    for (const { position, ...event } of this.events) {
      if (found.length >= max) break;
      if (position > from && event.tenant === tenant) found.push(storedCopy(event));
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
