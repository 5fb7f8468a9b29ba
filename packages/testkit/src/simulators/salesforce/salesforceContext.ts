import type { SideEffectCounters } from '../../http/sideEffectCounters';
import type { SimRequest, SimResponse } from '../../http/types';
import { notFound, salesforceError } from './salesforceErrors';
import { findFieldKey } from './salesforceRecords';
import type {
  SalesforceFields,
  SalesforceFieldValue,
  SalesforceRecord,
  SalesforceRecordStore,
} from './salesforceRecords';

/** What the REST routes share: the org's data and the simulator's settings. */
export interface SalesforceContext {
  readonly store: SalesforceRecordStore;
  readonly counters: () => SideEffectCounters;
  /** sObject name → fields that must be present and non-empty on create. */
  readonly requiredFields: Readonly<Record<string, readonly string[]>>;
  /** sObject name → fields whose values must be unique (External ID fields marked Unique). */
  readonly uniqueFields: Readonly<Record<string, readonly string[]>>;
  readonly apiVersion: string;
  readonly queryBatchSize: number;
  readonly upsertUpdateStatus: 200 | 204;
}

function versionNumber(version: string): number | null {
  const match = /^v(\d+)\.0$/.exec(version);
  return match ? Number(match[1]) : null;
}

/** Versions newer than the simulated org's, or not shaped vNN.0, are unknown resources. */
export function checkApiVersion(
  ctx: SalesforceContext,
  version: string | undefined,
): SimResponse | null {
  const requested = versionNumber(version ?? '');
  const supported = versionNumber(ctx.apiVersion);
  if (requested === null || supported === null || requested > supported) return notFound();
  return null;
}

export function isKnownSobject(ctx: SalesforceContext, sobject: string): boolean {
  return Object.hasOwn(ctx.requiredFields, sobject);
}

export function recordUrl(version: string, record: SalesforceRecord): string {
  return `/services/data/${version}/sobjects/${record.sobject}/${record.Id}`;
}

/** A record as the REST API returns it: `attributes` first, then Id and the fields. */
export function recordJson(
  version: string,
  record: SalesforceRecord,
  selected?: readonly string[],
): Record<string, unknown> {
  const attributes = { type: record.sobject, url: recordUrl(version, record) };
  if (selected === undefined) return { attributes, Id: record.Id, ...record.fields };
  const out: Record<string, unknown> = { attributes };
  for (const field of selected) {
    if (field.toLowerCase() === 'id') {
      out.Id = record.Id;
      continue;
    }
    const key = findFieldKey(record.fields, field);
    out[key ?? field] = key === undefined ? null : record.fields[key];
  }
  return out;
}

/** The JSON body of a write, or the Salesforce error a malformed one gets. */
export type ParsedBody =
  { ok: true; fields: SalesforceFields } | { ok: false; response: SimResponse };

export function parseRecordBody(req: SimRequest): ParsedBody {
  let body: unknown;
  try {
    body = req.json();
  } catch {
    return rejected(salesforceError(400, 'JSON_PARSER_ERROR', 'Unexpected character in the body'));
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return rejected(
      salesforceError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of SObject'),
    );
  }
  const fields: SalesforceFields = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === 'attributes') continue;
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      const message = `Cannot deserialize instance of ${typeof value} for field ${name}`;
      return rejected(salesforceError(400, 'JSON_PARSER_ERROR', message));
    }
    fields[name] = value as SalesforceFields[string];
  }
  return { ok: true, fields };
}

function rejected(response: SimResponse): ParsedBody {
  return { ok: false, response };
}

/**
 * The refusal of a write by the record as it would be after it: REQUIRED_FIELD_MISSING when a
 * required field would be absent or empty, else DUPLICATE_VALUE when a unique field would hold
 * a value another live record of the sObject has (`self` is the record being updated, if any).
 */
export function checkResultingRecord(
  ctx: SalesforceContext,
  sobject: string,
  resulting: SalesforceFields,
  self?: SalesforceRecord,
): SimResponse | null {
  const missing = (ctx.requiredFields[sobject] ?? []).filter(
    (field) => filledValue(resulting, field) === undefined,
  );
  if (missing.length > 0) {
    return salesforceError(
      400,
      'REQUIRED_FIELD_MISSING',
      `Required fields are missing: [${missing.join(', ')}]`,
      missing,
    );
  }
  for (const field of ctx.uniqueFields[sobject] ?? []) {
    const value = filledValue(resulting, field);
    if (value === undefined) continue;
    const other = ctx.store
      .list(sobject, { field, value })
      .find((record) => record.Id !== self?.Id);
    if (other !== undefined) {
      return salesforceError(
        400,
        'DUPLICATE_VALUE',
        `duplicate value found: ${field} duplicates value on record with id: ${other.Id}`,
      );
    }
  }
  return null;
}

/** A field's value (its name matched as Salesforce does), undefined when absent, null or empty. */
function filledValue(fields: SalesforceFields, field: string): SalesforceFieldValue | undefined {
  const key = findFieldKey(fields, field);
  const value = key === undefined ? undefined : fields[key];
  return value === undefined || value === null || value === '' ? undefined : value;
}
