import { z } from '@dealix/connector-core';
import { itemId, itemOutput } from './itemSchemasTemplate';

/** The zod twins of the generated file's schemas (see itemSchemasTemplate.ts). */
export const getItemSchemas = { input: z.object({ item_id: itemId }), output: itemOutput };

/** src/operations/getItem.ts: the sample read. */
export function getItemTemplate(): string {
  return `import { defineOperation, pathSegment, vendorRequest, z } from '@dealix/connector-core';
import type { ConnectorOperationContext } from '../connectorConfig';
import { itemId, itemOutput } from '../itemSchemas';
import { vendorApi } from '../vendorApi';

export const getItemInput = z.object({ item_id: itemId });

export const getItemOutput = itemOutput;

/** GET /v1/items/:id: the item as the vendor has it now. */
export const getItem = defineOperation({
  input: getItemInput,
  output: getItemOutput,
  run: (input, ctx: ConnectorOperationContext) =>
    vendorRequest(ctx, {
      ...vendorApi(ctx),
      url: \`/v1/items/\${pathSegment(input.item_id)}\`,
      schema: itemOutput,
    }),
});
`;
}
