import { defineOperation, pathSegment, personal, z } from '@dealix/connector-core';
import { changedFields, fieldName, recordId, sobjectName, upsertResult } from '../recordSchemas';
import { dataPath, salesforceRequest } from '../salesforceApi';
import type { SalesforceOperationContext } from '../salesforceConfig';

export const upsertByExternalIdInput = z.object({
  sobject: sobjectName,
  /** An External ID field of the sObject (`External_Id__c`). */
  external_id_field: fieldName,
  /** Often an email or a customer number: personal. */
  external_id_value: personal(z.string().min(1).max(255)),
  fields: changedFields,
});

export const upsertByExternalIdOutput = z.object({
  /** Null only when an older API version answers an update with 204 and no body. */
  id: recordId.nullable(),
  sobject: sobjectName,
  /** True when this request created the record; a re-send after a lost answer says false. */
  created: z.boolean(),
});

/**
 * PATCH /sobjects/<sObject>/<field>/<value>: 201 created, 200 updated (204 before API v46).
 * The external id names the record, so a re-send after a lost answer updates the record the
 * first request created instead of making a second one. Several matches answer 300: permanent.
 */
export const upsertByExternalId = defineOperation({
  input: upsertByExternalIdInput,
  output: upsertByExternalIdOutput,
  run: async (input, ctx: SalesforceOperationContext) => {
    const path = [input.sobject, input.external_id_field, input.external_id_value]
      .map(pathSegment)
      .join('/');
    const saved = await salesforceRequest(ctx, {
      method: 'PATCH',
      url: `${dataPath(ctx)}/sobjects/${path}`,
      json: input.fields,
      schema: upsertResult,
    });
    if (saved === '') return { id: null, sobject: input.sobject, created: false };
    return { id: saved.id, sobject: input.sobject, created: saved.created === true };
  },
});
