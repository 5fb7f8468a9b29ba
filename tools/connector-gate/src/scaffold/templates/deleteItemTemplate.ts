import { z } from '@dealix/connector-core';
import { itemId } from './itemSchemasTemplate';

/** The zod twins of the generated file's schemas (see itemSchemasTemplate.ts). */
export const deleteItemSchemas = {
  input: z.object({ item_id: itemId }),
  output: z.object({ id: z.string(), deleted: z.literal(true) }),
};

/** src/operations/deleteItem.ts: the sample delete, which nothing undoes. */
export function deleteItemTemplate(): string {
  return `import { defineOperation, z } from '@dealix/connector-core';
import type { ConnectorOperationContext } from '../connectorConfig';
import { itemId } from '../itemSchemas';
import { callVendor, pathId } from '../vendorRequest';

export const deleteItemInput = z.object({ item_id: itemId });

export const deleteItemOutput = z.object({ id: z.string(), deleted: z.literal(true) });

/**
 * DELETE /v1/items/:id, the compensation of create_item. Nothing undoes it: the vendor cannot
 * restore a deleted item (the manifest says so in compensation_note).
 */
export const deleteItem = defineOperation({
  input: deleteItemInput,
  output: deleteItemOutput,
  run: (input, ctx: ConnectorOperationContext) =>
    callVendor(
      ctx,
      { method: 'DELETE', path: \`/v1/items/\${pathId(input.item_id)}\` },
      deleteItemOutput,
    ),
});
`;
}
