import {
  isDlxError,
  vendorRequest,
  type ConnectorContext,
  type VendorCall,
  type z,
} from '@dealix/connector-core';
import { SALESFORCE_ERRORS } from './errors';
import { recordLimitInfo } from './limitInfo';
import type { SalesforceConfig } from './salesforceConfig';

/** A REST call: the path under the instance URL, method, body and answer schema. */
export type SalesforceCall<S extends z.ZodType> = Omit<
  VendorCall<S>,
  'baseURL' | 'errors' | 'onResponse' | 'auth'
>;

/** `/services/data/<api_version>`: every REST resource lives under it. */
export function dataPath(ctx: ConnectorContext<SalesforceConfig>): string {
  return `/services/data/${ctx.config.api_version}`;
}

/**
 * One REST request with the org's session: the instance URL its token came with, Bearer auth,
 * Salesforce's error table, and `Sforce-Limit-Info` (on answers and refusals alike) into the
 * declared API usage gauges. An expired session is refused as `auth`, and the runtime re-runs
 * the operation once with a new token.
 */
export async function salesforceRequest<S extends z.ZodType>(
  ctx: ConnectorContext<SalesforceConfig>,
  call: SalesforceCall<S>,
): Promise<z.output<S>> {
  const { token, extra } = await ctx.token();
  try {
    return await vendorRequest(ctx, {
      ...call,
      baseURL: extra?.instance_url ?? ctx.config.login_url,
      headers: { ...call.headers, authorization: `Bearer ${token}` },
      errors: SALESFORCE_ERRORS,
      onResponse: (response) => recordLimitInfo(ctx.metrics, response.headers['sforce-limit-info']),
    });
  } catch (error) {
    if (isDlxError(error)) {
      recordLimitInfo(ctx.metrics, error.response?.headers['sforce-limit-info']);
    }
    throw error;
  }
}
