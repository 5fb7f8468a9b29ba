import { z } from '@dealix/connector-core';
import { itemId } from './itemSchemasTemplate';

/** The zod twins of the generated file's schemas (see itemSchemasTemplate.ts). */
export const deleteItemSchemas = {
  input: z.object({ item_id: itemId }),
  output: z.object({ id: z.string(), deleted: z.literal(true) }),
};

/** src/operations/deleteItem.ts: the sample delete, which nothing undoes. */
export function deleteItemTemplate(): string {
  return `import { defineOperation, pathSegment, vendorRequest, z } from '@dealix/connector-core';
import type { ConnectorOperationContext } from '../connectorConfig';
import { itemId } from '../itemSchemas';
import { vendorApi } from '../vendorApi';

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
    vendorRequest(ctx, {
      ...vendorApi(ctx),
      method: 'DELETE',
      url: \`/v1/items/\${pathSegment(input.item_id)}\`,
      schema: deleteItemOutput,
    }),
});
`;
}
