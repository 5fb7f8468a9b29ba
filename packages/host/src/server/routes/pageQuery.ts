import { DlxError } from '@dealix/connector-core';

/** `?after=&limit=` of a paged read (outbox events, audit records): after >= 0, limit 1..1000. */
export function pageQuery(
  query: { after?: string; limit?: string },
  what: string,
): { after: number; limit: number } {
  const after = Number(query.after ?? 0);
  const limit = Math.min(Number(query.limit ?? 100), 1000);
  if (!Number.isInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1) {
    throw new DlxError(
      'DLX_E_RUNTIME_INPUT_INVALID',
      `after must be a ${what} (integer >= 0) and limit an integer 1..1000`,
    );
  }
  return { after, limit };
}
