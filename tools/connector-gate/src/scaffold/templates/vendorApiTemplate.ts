/** src/vendorApi.ts: what every vendor request carries, for the kit's vendorRequest. */
export function vendorApiTemplate(): string {
  return `import type { ConnectorContext, VendorErrorTable } from '@dealix/connector-core';
import type { ConnectorConfig } from './connectorConfig';
import { VENDOR_ERRORS } from './errors';

/**
 * What every request to the vendor carries, spread into the kit's vendorRequest (which goes
 * through ctx.http, maps errors through the table and parses the answer): the base URL, the API
 * key as a Bearer token (TODO: the vendor's auth scheme) and the vendor's error table.
 */
export function vendorApi(ctx: ConnectorContext<ConnectorConfig>): {
  baseURL: string;
  headers: Record<string, string>;
  errors: VendorErrorTable;
} {
  return {
    baseURL: ctx.config.base_url,
    headers: { authorization: \`Bearer \${ctx.config.api_key}\` },
    errors: VENDOR_ERRORS,
  };
}
`;
}
