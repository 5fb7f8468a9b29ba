import { personal, z } from '@dealix/connector-core';

// The zod twins of the generated schemas below, built with the same core: the scaffolder
// renders schemas/ from them. The scaffold tests compare them with what the generated code
// renders (its conformance suite and the gate), so an edit on one side alone fails there.
export const itemId = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be an item id (letters, digits, _ and -)');

export const itemOutput = z.object({
  id: z.string(),
  name: z.string(),
  owner_email: personal(z.string()).nullable(),
  created: z.number().int(),
});

/** src/itemSchemas.ts: the zod schemas the sample operations share. */
export function itemSchemasTemplate(): string {
  return `import { personal, z } from '@dealix/connector-core';

/** An item id, checked before it goes into a URL path. */
export const itemId = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be an item id (letters, digits, _ and -)');

/** The fields of an item this connector returns (TODO: the vendor's real object). */
export const itemOutput = z.object({
  id: z.string(),
  name: z.string(),
  owner_email: personal(z.string()).nullable(),
  created: z.number().int(),
});

export type Item = z.output<typeof itemOutput>;
`;
}
