import { defineOperation, pathSegment, z } from '@dealix/connector-core';
import { recordFields, recordId, saveResult, sobjectName } from '../recordSchemas';
import { dataPath, salesforceRequest } from '../salesforceApi';
import type { SalesforceOperationContext } from '../salesforceConfig';

export const createRecordInput = z.object({
  sobject: sobjectName,
  fields: recordFields.refine(
    (fields) => !Object.keys(fields).some((name) => name.toLowerCase() === 'id'),
    'must not set Id: Salesforce assigns it',
  ),
});

export const createRecordOutput = z.object({ id: recordId, sobject: sobjectName });

/**
 * POST /sobjects/<sObject>/. Salesforce has no idempotency key for a create, so the manifest
 * calls it not idempotent: a caller key is required and a request that may have reached
 * Salesforce is never sent again (the outcome is unknown until a person resolves it).
 */
export const createRecord = defineOperation({
  input: createRecordInput,
  output: createRecordOutput,
  run: async (input, ctx: SalesforceOperationContext) => {
    const saved = await salesforceRequest(ctx, {
      method: 'POST',
      url: `${dataPath(ctx)}/sobjects/${pathSegment(input.sobject)}/`,
      json: input.fields,
      schema: saveResult,
    });
    return { id: saved.id, sobject: input.sobject };
  },
  compensate: ({ output }) => ({
    operation: 'delete_record',
    input: { sobject: output.sobject, id: output.id },
  }),
});
