import type { RouteDef, SimRequest, SimResponse } from '../../http/types';
import { checkApiVersion, isKnownSobject, recordJson } from './salesforceContext';
import type { SalesforceContext } from './salesforceContext';
import { salesforceError } from './salesforceErrors';
import { parseSoql, SoqlSyntaxError } from './soqlQuery';

/** Results of a query still being paged through, keyed by the locator's cursor part. */
export class QueryCursors {
  private readonly cursors = new Map<string, Record<string, unknown>[]>();
  private next = 1;

  open(rows: Record<string, unknown>[]): string {
    const id = `01gSIM${String(this.next).padStart(12, '0')}`;
    this.next += 1;
    this.cursors.set(id, rows);
    return id;
  }

  rows(id: string): Record<string, unknown>[] | undefined {
    return this.cursors.get(id);
  }

  clear(): void {
    this.cursors.clear();
    this.next = 1;
  }
}

/** One batch from `offset`, with nextRecordsUrl while more remain. */
function batch(
  ctx: SalesforceContext,
  version: string,
  cursor: string,
  rows: Record<string, unknown>[],
  offset: number,
): SimResponse {
  const end = offset + ctx.queryBatchSize;
  const done = end >= rows.length;
  const body: Record<string, unknown> = { totalSize: rows.length, done };
  if (!done) body.nextRecordsUrl = `/services/data/${version}/query/${cursor}-${end}`;
  body.records = rows.slice(offset, end);
  return { status: 200, body };
}

function query(ctx: SalesforceContext, cursors: QueryCursors, req: SimRequest): SimResponse {
  const version = req.params.version ?? '';
  const refusal = checkApiVersion(ctx, version);
  if (refusal) return refusal;
  const text = req.query.q;
  if (typeof text !== 'string' || text.trim() === '') {
    return salesforceError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  }
  let parsed;
  try {
    parsed = parseSoql(text);
  } catch (error) {
    if (error instanceof SoqlSyntaxError) {
      return salesforceError(400, 'MALFORMED_QUERY', error.message);
    }
    throw error;
  }
  if (!isKnownSobject(ctx, parsed.sobject)) {
    return salesforceError(
      400,
      'INVALID_TYPE',
      `sObject type '${parsed.sobject}' is not supported.`,
    );
  }
  const matched = ctx.store.list(parsed.sobject, parsed.where);
  const limited = parsed.limit === null ? matched : matched.slice(0, parsed.limit);
  const rows = limited.map((record) => recordJson(version, record, parsed.fields));
  return batch(ctx, version, cursors.open(rows), rows, 0);
}

function queryMore(ctx: SalesforceContext, cursors: QueryCursors, req: SimRequest): SimResponse {
  const version = req.params.version ?? '';
  const refusal = checkApiVersion(ctx, version);
  if (refusal) return refusal;
  const match = /^(.+)-(\d+)$/.exec(req.params.locator ?? '');
  const rows = match ? cursors.rows(match[1] ?? '') : undefined;
  const offset = Number(match?.[2]);
  if (rows === undefined || offset > rows.length) {
    return salesforceError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  }
  return batch(ctx, version, match?.[1] ?? '', rows, offset);
}

export function createQueryRoutes(ctx: SalesforceContext, cursors: QueryCursors): RouteDef[] {
  return [
    {
      id: 'salesforce.query',
      method: 'GET',
      path: '/services/data/:version/query',
      handler: (req) => query(ctx, cursors, req),
    },
    {
      id: 'salesforce.query.more',
      method: 'GET',
      path: '/services/data/:version/query/:locator',
      handler: (req) => queryMore(ctx, cursors, req),
    },
  ];
}
