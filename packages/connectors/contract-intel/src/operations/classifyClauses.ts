import { defineOperation, z } from '@dealix/connector-core';
import { contractSummary } from '../extraction/contractSummary';
import { extractClauses } from '../extraction/extractClauses';
import { MAX_ELEMENTS, partitionElement } from '../partitionElements';

export const classifyClausesInput = z.object({
  /** Elements as extract_contract returns them (or any Unstructured partition answer). */
  elements: z.array(partitionElement).max(MAX_ELEMENTS),
});

export const classifyClausesOutput = z.object({ summary: contractSummary });

/** The clause extraction alone, on elements already partitioned: no vendor call. */
export const classifyClauses = defineOperation({
  input: classifyClausesInput,
  output: classifyClausesOutput,
  run: async (input) => ({ summary: extractClauses(input.elements) }),
});
