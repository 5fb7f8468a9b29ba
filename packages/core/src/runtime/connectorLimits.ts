import type { ManifestSuggestedLimits } from '../manifest';

/** Client-side limits of one (tenant, connector): its attempts, not each HTTP request. */
export interface ConnectorLimits {
  /** Attempts in flight at once; more wait in a FIFO queue. */
  maxConcurrency: number;
  /** Attempts started per second (a token bucket), or none. */
  maxRequestsPerSecond: number | undefined;
  /** Calls that may wait for a slot; one more fails at once with DLX_E_RUNTIME_QUEUE_FULL. */
  maxQueue: number;
}

/** Limits as configured: any field may be left to the next source. */
export interface ConnectorLimitSettings {
  maxConcurrency?: number;
  maxRequestsPerSecond?: number;
  maxQueue?: number;
}

export const DEFAULT_CONNECTOR_LIMITS: ConnectorLimits = {
  maxConcurrency: 10,
  maxRequestsPerSecond: undefined,
  maxQueue: 1000,
};

/** The manifest's suggested_limits in the runtime's names. */
export function suggestedLimits(
  suggested: ManifestSuggestedLimits | undefined,
): ConnectorLimitSettings {
  return {
    ...(suggested?.max_concurrency !== undefined && { maxConcurrency: suggested.max_concurrency }),
    ...(suggested?.max_requests_per_second !== undefined && {
      maxRequestsPerSecond: suggested.max_requests_per_second,
    }),
    ...(suggested?.max_queue !== undefined && { maxQueue: suggested.max_queue }),
  };
}

/**
 * The limits of one instance, most specific first: the tenant's own (host config
 * `tenants.<t>.limits.<key>`), then the manifest's suggested_limits where the host applies
 * them, then the host-wide defaults, then core's.
 */
export function resolveConnectorLimits(
  ...sources: readonly (ConnectorLimitSettings | undefined)[]
): ConnectorLimits {
  const pick = <K extends keyof ConnectorLimitSettings>(key: K) =>
    sources.find((source) => source?.[key] !== undefined)?.[key];
  const limits: ConnectorLimits = {
    maxConcurrency: pick('maxConcurrency') ?? DEFAULT_CONNECTOR_LIMITS.maxConcurrency,
    maxRequestsPerSecond: pick('maxRequestsPerSecond'),
    maxQueue: pick('maxQueue') ?? DEFAULT_CONNECTOR_LIMITS.maxQueue,
  };
  if (!Number.isInteger(limits.maxConcurrency) || limits.maxConcurrency < 1) {
    throw new RangeError(`maxConcurrency must be a positive integer, got ${limits.maxConcurrency}`);
  }
  if (!Number.isInteger(limits.maxQueue) || limits.maxQueue < 0) {
    throw new RangeError(`maxQueue must be a non-negative integer, got ${limits.maxQueue}`);
  }
  const rate = limits.maxRequestsPerSecond;
  if (rate !== undefined && (!(rate > 0) || !Number.isFinite(rate))) {
    throw new RangeError(`maxRequestsPerSecond must be a positive number, got ${rate}`);
  }
  return limits;
}
