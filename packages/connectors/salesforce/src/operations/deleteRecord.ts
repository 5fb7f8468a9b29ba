import { defineOperation, hasErrorCode, isDlxError, pathSegment, z } from '@dealix/connector-core';
import { noContent, recordId, sobjectName } from '../recordSchemas';
import { dataPath, salesforceRequest } from '../salesforceApi';
import type { SalesforceOperationContext } from '../salesforceConfig';

export const deleteRecordInput = z.object({ sobject: sobjectName, id: recordId });

export const deleteRecordOutput = z.object({
  id: recordId,
  sobject: sobjectName,
  deleted: z.literal(true),
  /** Salesforce answered ENTITY_IS_DELETED: an earlier request (or someone else) deleted it. */
  already_deleted: z.boolean(),
});

/** True for Salesforce's answer to deleting a record that is already in the Recycle Bin. */
function isAlreadyDeleted(error: unknown): boolean {
  return (
    isDlxError(error) &&
    hasErrorCode(error, 'DLX_E_VENDOR_PERMANENT') &&
    error.vendorCode === 'ENTITY_IS_DELETED'
  );
}

/**
 * DELETE /sobjects/<sObject>/<Id>: 204, the record goes to the Recycle Bin. A record already
 * deleted is the end state asked for, so a re-sent delete whose first answer was lost (and a
 * compensation run twice) succeeds instead of failing on ENTITY_IS_DELETED.
 */
export const deleteRecord = defineOperation({
  input: deleteRecordInput,
  output: deleteRecordOutput,
  run: async (input, ctx: SalesforceOperationContext) => {
    const result = { id: input.id, sobject: input.sobject, deleted: true as const };
    try {
      await salesforceRequest(ctx, {
        method: 'DELETE',
        url: `${dataPath(ctx)}/sobjects/${pathSegment(input.sobject)}/${pathSegment(input.id)}`,
        schema: noContent,
      });
    } catch (error) {
      if (isAlreadyDeleted(error)) return { ...result, already_deleted: true };
      throw error;
    }
    return { ...result, already_deleted: false };
  },
});
