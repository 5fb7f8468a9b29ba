import type { RouteDef, SimRequest, SimResponse } from '../../http/types';
import {
  checkApiVersion,
  checkResultingRecord,
  isKnownSobject,
  parseRecordBody,
  recordJson,
  recordUrl,
} from './salesforceContext';
import type { SalesforceContext } from './salesforceContext';
import { entityDeleted, notFound, salesforceError } from './salesforceErrors';
import { findFieldKey } from './salesforceRecords';
import type { SalesforceFields, SalesforceRecord } from './salesforceRecords';

const BASE = '/services/data/:version/sobjects/:sobject';

type Lookup = { record: SalesforceRecord; version: string } | { response: SimResponse };

/** Version, sObject and record checks every record route starts with. */
function lookupRecord(ctx: SalesforceContext, req: SimRequest): Lookup {
  const { version = '', sobject = '', id = '' } = req.params;
  const refusal = checkApiVersion(ctx, version);
  if (refusal) return { response: refusal };
  if (!isKnownSobject(ctx, sobject)) return { response: notFound() };
  const found = ctx.store.lookup(sobject, id);
  if (found === 'deleted') return { response: entityDeleted() };
  if (found === null) return { response: notFound() };
  return { record: found, version };
}

function saveResult(id: string, created?: boolean): Record<string, unknown> {
  return created === undefined
    ? { id, success: true, errors: [] }
    : { id, success: true, errors: [], created };
}

function create(ctx: SalesforceContext, req: SimRequest): SimResponse {
  const { version = '', sobject = '' } = req.params;
  const refusal = checkApiVersion(ctx, version);
  if (refusal) return refusal;
  if (!isKnownSobject(ctx, sobject)) return notFound();
  const parsed = parseRecordBody(req);
  if (!parsed.ok) return parsed.response;
  if (findFieldKey(parsed.fields, 'Id') !== undefined) {
    return salesforceError(
      400,
      'INVALID_FIELD',
      'The Id field should not be specified in the sobject data.',
    );
  }
  const invalid = checkResultingRecord(ctx, sobject, parsed.fields);
  if (invalid) return invalid;
  const record = ctx.store.insert(sobject, parsed.fields);
  ctx.counters().increment('records_created');
  return { status: 201, body: saveResult(record.Id) };
}

function update(ctx: SalesforceContext, req: SimRequest): SimResponse {
  const found = lookupRecord(ctx, req);
  if ('response' in found) return found.response;
  const parsed = parseRecordBody(req);
  if (!parsed.ok) return parsed.response;
  const resulting = { ...found.record.fields, ...parsed.fields };
  const refusal = checkResultingRecord(ctx, found.record.sobject, resulting, found.record);
  if (refusal) return refusal;
  ctx.store.update(found.record, parsed.fields);
  ctx.counters().increment('records_updated');
  return { status: 204 };
}

/** PATCH by external id: creates (201) when no record matches, updates when exactly one does. */
function upsert(ctx: SalesforceContext, req: SimRequest): SimResponse {
  const { version = '', sobject = '', extField = '', extValue = '' } = req.params;
  const refusal = checkApiVersion(ctx, version);
  if (refusal) return refusal;
  if (!isKnownSobject(ctx, sobject)) return notFound();
  const parsed = parseRecordBody(req);
  if (!parsed.ok) return parsed.response;
  const matches = ctx.store.list(sobject).filter((record) => {
    const key = findFieldKey(record.fields, extField);
    return key !== undefined && String(record.fields[key]) === extValue;
  });
  if (matches.length > 1) {
    // 300 Multiple Choices with the candidates' URLs (dome_upsert).
    return { status: 300, body: matches.map((record) => recordUrl(version, record)) };
  }
  const existing = matches[0];
  if (existing === undefined) {
    const fields: SalesforceFields = { ...parsed.fields, [extField]: extValue };
    const refused = checkResultingRecord(ctx, sobject, fields);
    if (refused) return refused;
    const record = ctx.store.insert(sobject, fields);
    ctx.counters().increment('records_created');
    return { status: 201, body: saveResult(record.Id, true) };
  }
  const refused = checkResultingRecord(
    ctx,
    sobject,
    { ...existing.fields, ...parsed.fields },
    existing,
  );
  if (refused) return refused;
  ctx.store.update(existing, parsed.fields);
  ctx.counters().increment('records_updated');
  return ctx.upsertUpdateStatus === 204
    ? { status: 204 }
    : { status: 200, body: saveResult(existing.Id, false) };
}

function remove(ctx: SalesforceContext, req: SimRequest): SimResponse {
  const found = lookupRecord(ctx, req);
  if ('response' in found) return found.response;
  ctx.store.delete(found.record);
  ctx.counters().increment('records_deleted');
  return { status: 204 };
}

export function createSobjectRoutes(ctx: SalesforceContext): RouteDef[] {
  return [
    {
      id: 'salesforce.sobject.create',
      method: 'POST',
      path: `${BASE}`,
      handler: (req) => create(ctx, req),
    },
    {
      id: 'salesforce.sobject.get',
      method: 'GET',
      path: `${BASE}/:id`,
      handler: (req) => {
        const found = lookupRecord(ctx, req);
        if ('response' in found) return found.response;
        return { status: 200, body: recordJson(found.version, found.record) };
      },
    },
    {
      id: 'salesforce.sobject.update',
      method: 'PATCH',
      path: `${BASE}/:id`,
      handler: (req) => update(ctx, req),
    },
    {
      id: 'salesforce.sobject.upsert',
      method: 'PATCH',
      path: `${BASE}/:extField/:extValue`,
      handler: (req) => upsert(ctx, req),
    },
    {
      id: 'salesforce.sobject.delete',
      method: 'DELETE',
      path: `${BASE}/:id`,
      handler: (req) => remove(ctx, req),
    },
  ];
}
