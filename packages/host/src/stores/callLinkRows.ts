import type { CallLink } from '@dealix/connector-core/stores';

/** One call_links row (SQLite and PostgreSQL alike): NULL trace fields for an untraced call. */
export type CallLinkRow = Omit<CallLink, 'trace_id' | 'span_id'> & {
  trace_id: string | null;
  span_id: string | null;
};

export const CALL_LINK_COLUMNS =
  'tenant, connector, object_id, correlation_id, operation, created_at, trace_id, span_id';

export function callLinkToRow(link: CallLink): CallLinkRow {
  return {
    tenant: link.tenant,
    connector: link.connector,
    object_id: link.object_id,
    correlation_id: link.correlation_id,
    operation: link.operation,
    created_at: link.created_at,
    trace_id: link.trace_id ?? null,
    span_id: link.span_id ?? null,
  };
}

/** An untraced call's link has no trace fields at all, as the memory store keeps it. */
export function rowToCallLink(row: CallLinkRow): CallLink {
  const { trace_id, span_id, ...link } = row;
  return trace_id === null || span_id === null ? link : { ...link, trace_id, span_id };
}
