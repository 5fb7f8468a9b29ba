/** A verified inbound webhook event, kept for consumers to read in order. */
export interface OutboxEvent {
  /**
   * Where this event sits in the tenant's stream: an opaque string assigned by the store, to be
   * handed back as `after` and never compared or computed with. SQLite and memory stores count
   * (one writer commits in cursor order); the PostgreSQL store, whose writers commit out of id
   * order, encodes the writing transaction too.
   */
  cursor: string;
  tenant: string;
  connector: string;
  /** The vendor's event or message id. */
  event_id: string;
  type: string;
  occurred_at: string | null;
  received_at: string;
  payload: unknown;
  /**
   * The correlation id of the call that created the object this event is about (a status event
   * of a sent message), when the connector named the object and a call recorded it.
   */
  correlation_id?: string;
}

export interface EventOutboxStore {
  /** De-duplicates on (tenant, connector, event_id): a repeat is not inserted. */
  append(event: Omit<OutboxEvent, 'cursor'>): Promise<{ inserted: boolean; cursor: string }>;
  /**
   * The tenant's events after the cursor `after` (undefined: from the oldest kept), oldest
   * first, at most `limit`. A consumer that pages on with the last cursor it read sees every
   * event exactly once, however many writers append concurrently: an event is listed only once
   * no event that could still be committed sorts before it. A cursor this store never gave
   * out is DLX_E_RUNTIME_INPUT_INVALID.
   */
  list(tenant: string, after: string | undefined, limit: number): Promise<OutboxEvent[]>;
  /**
   * Deletes events received before `receivedBefore` (ISO 8601; outbox.retention_ms): the
   * outbox keeps what consumers may still need, not everything ever received. A cursor read
   * before the prune still pages on past it. Returns how many were deleted.
   */
  prune(receivedBefore: string): Promise<number>;
}
