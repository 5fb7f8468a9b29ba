import { personal, z } from '@dealix/connector-core';
import { itemOutput } from './itemSchemasTemplate';

/** The zod twins of the generated file's schemas (see itemSchemasTemplate.ts). */
export const createItemSchemas = {
  input: z.object({
    name: z.string().min(1).max(200),
    owner_email: personal(z.email()).optional(),
  }),
  output: itemOutput,
};

/** src/operations/createItem.ts: the sample write, compensated by delete_item. */
export function createItemTemplate(): string {
  return `import { defineOperation, personal, vendorRequest, z } from '@dealix/connector-core';
import type { ConnectorOperationContext } from '../connectorConfig';
import { itemOutput } from '../itemSchemas';
import { vendorApi } from '../vendorApi';

export const createItemInput = z.object({
  name: z.string().min(1).max(200),
  /** Personal data: masked in audit records and logs of this confidential connector. */
  owner_email: personal(z.email()).optional(),
});

export const createItemOutput = itemOutput;

/**
 * POST /v1/items. The vendor de-duplicates on Idempotency-Key, which ctx.http fills with the
 * runtime's key, so a retry after a lost answer returns the same item instead of a second one.
 */
export const createItem = defineOperation({
  input: createItemInput,
  output: createItemOutput,
  run: (input, ctx: ConnectorOperationContext) =>
    vendorRequest(ctx, {
      ...vendorApi(ctx),
      method: 'POST',
      url: '/v1/items',
      json: input,
      schema: itemOutput,
    }),
  compensate: ({ output }) => ({ operation: 'delete_item', input: { item_id: output.id } }),
});
`;
}
