import type { ConnectorContext, VendorErrorTable } from '@dealix/connector-core';
import type { ContractIntelConfig } from './connectorConfig';
import { UNSTRUCTURED_ERRORS } from './errors';

/** The partition endpoint (the "legacy" Partition Endpoint, hosted and self-hosted alike). */
export const PARTITION_PATH = '/general/v0/general';

/**
 * What every request to the partition service carries, spread into the kit's vendorRequest:
 * the tenant's base URL, its key as `unstructured-api-key` and the error table.
 */
export function unstructuredApi(ctx: ConnectorContext<ContractIntelConfig>): {
  baseURL: string;
  headers: Record<string, string>;
  errors: VendorErrorTable;
} {
  return {
    baseURL: ctx.config.base_url,
    headers: { 'unstructured-api-key': ctx.config.api_key, accept: 'application/json' },
    errors: UNSTRUCTURED_ERRORS,
  };
}
