import { parseHostPattern, z, type ConnectorLimitSettings } from '@dealix/connector-core';

const connectorKey = z.string().regex(/^[a-z][a-z0-9_]*$/);

/**
 * `tenants.<tenant>.limits.<connector key>`: the tenant's own client-side limits for one
 * connector, over the manifest's suggested_limits and the host-wide `limits.*` defaults.
 */
export const tenantLimitsSchema = z.record(
  connectorKey,
  z
    .object({
      max_concurrency: z.number().int().positive().optional(),
      max_requests_per_second: z.number().positive().optional(),
      max_queue: z.number().int().nonnegative().optional(),
    })
    .strict(),
);

/**
 * `tenants.<tenant>.egress.<connector key>`: the hosts a connector may reach for this tenant
 * where its manifest leaves them to the operator (a config field with host_pattern
 * "${tenant}": the tenant's own SMTP server, a self-hosted API). Literal hosts or `*.` + host.
 */
export const tenantEgressSchema = z.record(
  connectorKey,
  z
    .array(
      z.string().refine((host) => parseHostPattern(host).ok, {
        message:
          'must be a lower-case host name or IPv4 address, or "*." + host (no scheme, port or path)',
      }),
    )
    .min(1),
);

export type TenantLimitsConfig = z.output<typeof tenantLimitsSchema>;

/** One tenant's limits in the runtime's names. */
export function limitSettings(limits: TenantLimitsConfig): Record<string, ConnectorLimitSettings> {
  return Object.fromEntries(
    Object.entries(limits).map(([key, l]) => [
      key,
      {
        ...(l.max_concurrency !== undefined && { maxConcurrency: l.max_concurrency }),
        ...(l.max_requests_per_second !== undefined && {
          maxRequestsPerSecond: l.max_requests_per_second,
        }),
        ...(l.max_queue !== undefined && { maxQueue: l.max_queue }),
      },
    ]),
  );
}
