import { defineConnector } from '@dealix/connector-core';
import { checkSalesforceHealth } from './healthCheck';
import { createRecord } from './operations/createRecord';
import { deleteRecord } from './operations/deleteRecord';
import { query } from './operations/query';
import { updateRecord } from './operations/updateRecord';
import { upsertByExternalId } from './operations/upsertByExternalId';
import { salesforceConfig, type SalesforceState } from './salesforceConfig';
import { salesforceTokenSource } from './salesforceToken';

/**
 * The Salesforce connector plugin (key `salesforce`): records of any sObject created, updated,
 * upserted by external id, queried with SOQL and deleted through the REST API, signed in with
 * OAuth 2.0 client credentials or the JWT bearer flow. Salesforce sends no webhooks here.
 */
export const connector = defineConnector({
  key: 'salesforce',
  config: salesforceConfig,
  // Salesforce has no idempotency header and no documented request-id header on REST answers.
  http: {},
  token: salesforceTokenSource,
  initialize: async (): Promise<SalesforceState> => undefined,
  operations: {
    create_record: createRecord,
    update_record: updateRecord,
    upsert_by_external_id: upsertByExternalId,
    query,
    delete_record: deleteRecord,
  },
  healthCheck: checkSalesforceHealth,
});

export type { SalesforceConfig } from './salesforceConfig';
export { JWT_BEARER_GRANT } from './jwtAssertion';
export { API_REQUESTS_LIMIT, API_REQUESTS_USED, parseLimitInfo } from './limitInfo';
export type { ApiLimitUsage } from './limitInfo';
