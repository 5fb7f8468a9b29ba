import { defineConnector } from '@dealix/connector-core';
import { connectorConfig, type ContractIntelState } from './connectorConfig';
import { checkHealth } from './healthCheck';
import { classifyClauses } from './operations/classifyClauses';
import { extractContract } from './operations/extractContract';

/**
 * The contract_intel connector plugin: contract documents (PDF, text) partitioned by a service
 * that speaks the Unstructured partition API, then read locally into structured clauses.
 */
export const connector = defineConnector({
  key: 'contract_intel',
  config: connectorConfig,
  // The partition API has no idempotency key: a re-sent document is partitioned (and billed)
  // again, which the manifest's retry policy bounds.
  http: { requestIdHeaders: ['x-request-id'] },
  initialize: async (): Promise<ContractIntelState> => undefined,
  operations: {
    extract_contract: extractContract,
    classify_clauses: classifyClauses,
  },
  healthCheck: checkHealth,
});

export type { ContractIntelConfig } from './connectorConfig';
export { CLAUSE_TYPES, type ClauseType, type ContractSummary } from './extraction/contractSummary';
export { extractClauses } from './extraction/extractClauses';
export { MAX_DOCUMENT_BYTES } from './document/documentFile';
