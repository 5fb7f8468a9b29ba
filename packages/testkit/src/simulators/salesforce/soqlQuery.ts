/**
 * The SOQL subset the simulator answers:
 *   SELECT f1, f2 FROM Obj [WHERE Field = literal] [LIMIT n]
 * Keywords are case-insensitive like SOQL's. Anything else is MALFORMED_QUERY, which is what
 * a connector must handle when Salesforce rejects its query.
 */
export type SoqlLiteral = string | number | boolean | null;

export interface SoqlQuery {
  fields: string[];
  sobject: string;
  where: { field: string; value: SoqlLiteral } | null;
  limit: number | null;
}

export class SoqlSyntaxError extends Error {
  override readonly name = 'SoqlSyntaxError';
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*(__c|__r)?$/;
const QUERY_PATTERN =
  /^\s*SELECT\s+(?<fields>.+?)\s+FROM\s+(?<sobject>\S+)(?:\s+WHERE\s+(?<field>\S+)\s*=\s*(?<value>'(?:[^'\\]|\\.)*'|[^\s']+))?(?:\s+LIMIT\s+(?<limit>\S+))?\s*$/is;

export function parseSoql(text: string): SoqlQuery {
  const match = QUERY_PATTERN.exec(text);
  const groups = match?.groups;
  if (!groups) throw new SoqlSyntaxError(`unexpected token in query: ${JSON.stringify(text)}`);
  const fields = (groups.fields ?? '').split(',').map((field) => field.trim());
  for (const field of fields) {
    if (!IDENTIFIER.test(field)) throw new SoqlSyntaxError(`unexpected token: '${field}'`);
  }
  const sobject = groups.sobject ?? '';
  if (!IDENTIFIER.test(sobject)) throw new SoqlSyntaxError(`unexpected token: '${sobject}'`);
  let where: SoqlQuery['where'] = null;
  if (groups.field !== undefined && groups.value !== undefined) {
    if (!IDENTIFIER.test(groups.field)) {
      throw new SoqlSyntaxError(`unexpected token: '${groups.field}'`);
    }
    where = { field: groups.field, value: parseLiteral(groups.value) };
  }
  let limit: number | null = null;
  if (groups.limit !== undefined) {
    if (!/^\d+$/.test(groups.limit))
      throw new SoqlSyntaxError(`unexpected token: '${groups.limit}'`);
    limit = Number(groups.limit);
  }
  return { fields, sobject, where, limit };
}

function parseLiteral(token: string): SoqlLiteral {
  if (token.startsWith("'")) return token.slice(1, -1).replace(/\\(.)/g, '$1');
  const lower = token.toLowerCase();
  if (lower === 'null') return null;
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  throw new SoqlSyntaxError(`unexpected token: '${token}'`);
}
