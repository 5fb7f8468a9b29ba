import { defineOperation, pathSegment, z } from '@dealix/connector-core';
import { changedFields, noContent, recordId, sobjectName } from '../recordSchemas';
import { dataPath, salesforceRequest } from '../salesforceApi';
import type { SalesforceOperationContext } from '../salesforceConfig';

export const updateRecordInput = z.object({
  sobject: sobjectName,
  id: recordId,
  fields: changedFields,
});

export const updateRecordOutput = z.object({
  id: recordId,
  sobject: sobjectName,
  updated: z.literal(true),
});

/** PATCH /sobjects/<sObject>/<Id>: 204 No Content. Setting the same values twice is harmless. */
export const updateRecord = defineOperation({
  input: updateRecordInput,
  output: updateRecordOutput,
  run: async (input, ctx: SalesforceOperationContext) => {
    await salesforceRequest(ctx, {
      method: 'PATCH',
      url: `${dataPath(ctx)}/sobjects/${pathSegment(input.sobject)}/${pathSegment(input.id)}`,
      json: input.fields,
      schema: noContent,
    });
    return { id: input.id, sobject: input.sobject, updated: true as const };
  },
});
