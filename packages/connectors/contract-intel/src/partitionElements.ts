import { z } from '@dealix/connector-core';

/** Bounds of a partition answer the connector reads, and of classify_clauses' input. */
export const MAX_ELEMENTS = 20_000;
export const MAX_ELEMENT_TEXT = 100_000;

/**
 * One element of the Unstructured partition answer (its openapi Element: `type`,
 * `element_id`, `text`, `metadata`), with the metadata the connector passes on; other metadata
 * (coordinates, links, emphasis...) is dropped.
 */
export const partitionElement = z.object({
  type: z.string().min(1).max(64),
  element_id: z.string().min(1).max(128),
  text: z.string().max(MAX_ELEMENT_TEXT),
  metadata: z
    .object({
      page_number: z.number().int().positive().optional(),
      filename: z.string().max(255).optional(),
      filetype: z.string().max(255).optional(),
      languages: z.array(z.string().max(16)).max(32).optional(),
      parent_id: z.string().max(128).optional(),
    })
    .default({}),
});

export type PartitionElement = z.output<typeof partitionElement>;

/** The answer to one file: the element array. */
export const partitionAnswer = z.array(partitionElement).max(MAX_ELEMENTS);
