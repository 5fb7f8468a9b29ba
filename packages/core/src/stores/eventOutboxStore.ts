/** A verified inbound webhook event, kept for consumers to read in order. */
export interface OutboxEvent {
  /** Monotonic cursor, assigned by the store. */
  cursor: number;
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
  append(event: Omit<OutboxEvent, 'cursor'>): Promise<{ inserted: boolean; cursor: number }>;
  list(tenant: string, after: number, limit: number): Promise<OutboxEvent[]>;
  /**
   * Deletes events received before `receivedBefore` (ISO 8601; outbox.retention_ms): the
   * outbox keeps what consumers may still need, not everything ever received. Cursors keep
   * growing. Returns how many were deleted.
   */
  prune(receivedBefore: string): Promise<number>;
}
