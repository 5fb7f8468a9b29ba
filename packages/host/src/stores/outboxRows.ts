import type { OutboxEvent } from '@dealix/connector-core/stores';
import { fromJsonColumn, toJsonColumn } from './jsonColumn';

/** An outbox_events row's event fields (SQLite and PostgreSQL alike; each adds its position). */
export interface OutboxRow {
  tenant: string;
  connector: string;
  event_id: string;
  type: string;
  occurred_at: string | null;
  received_at: string;
  payload: string | null;
  correlation_id: string | null;
}

export const OUTBOX_COLUMNS =
  'tenant, connector, event_id, type, occurred_at, received_at, payload, correlation_id';

export function outboxEventToRow(event: Omit<OutboxEvent, 'cursor'>): OutboxRow {
  return {
    tenant: event.tenant,
    connector: event.connector,
    event_id: event.event_id,
    type: event.type,
    occurred_at: event.occurred_at,
    received_at: event.received_at,
    payload: toJsonColumn(event.payload),
    correlation_id: event.correlation_id ?? null,
  };
}

/** The event a row holds, at the store's opaque cursor. */
export function rowToOutboxEvent(row: OutboxRow, cursor: string): OutboxEvent {
  const { correlation_id, payload, ...fields } = row;
  return {
    cursor,
    ...fields,
    payload: fromJsonColumn(payload),
    ...(correlation_id !== null && { correlation_id }),
  };
}
