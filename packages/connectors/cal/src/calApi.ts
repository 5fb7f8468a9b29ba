import { z, type ConnectorContext, type VendorErrorTable } from '@dealix/connector-core';
import { CAL_ERRORS } from './errors';
import type { CalConfig } from './calConfig';

/**
 * The `cal-api-version` each endpoint group is written against. Cal.com requires the header; a
 * missing or wrong value silently serves an older version of the endpoint, with other shapes.
 */
export const CAL_API_VERSIONS = { bookings: '2024-08-13', slots: '2024-09-04' } as const;

export type CalEndpointGroup = keyof typeof CAL_API_VERSIONS;

/**
 * What every Cal.com request carries, spread into the kit's vendorRequest: the base URL, the
 * API key as a Bearer token, the endpoint group's `cal-api-version` (unversioned endpoints such
 * as /v2/me take none) and Cal.com's error table.
 */
export function calApi(
  ctx: ConnectorContext<CalConfig>,
  group: CalEndpointGroup | 'unversioned',
): { baseURL: string; headers: Record<string, string>; errors: VendorErrorTable } {
  return {
    baseURL: ctx.config.base_url,
    headers: {
      authorization: `Bearer ${ctx.config.api_key}`,
      ...(group !== 'unversioned' && { 'cal-api-version': CAL_API_VERSIONS[group] }),
    },
    errors: CAL_ERRORS,
  };
}

/** Cal.com's success envelope `{status: "success", data}` around `data`. */
export function calEnvelope<S extends z.ZodType>(data: S) {
  return z.object({ status: z.literal('success'), data });
}
