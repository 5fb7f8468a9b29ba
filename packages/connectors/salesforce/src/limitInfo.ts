import type { ConnectorMetricsRecorder } from '@dealix/connector-core';

/** One limit of `Sforce-Limit-Info`: `api-usage=18/5000` is { limit: 'api-usage', used: 18, max: 5000 }. */
export interface ApiLimitUsage {
  limit: string;
  used: number;
  max: number;
}

export const API_REQUESTS_USED = 'salesforce_api_requests_used';
export const API_REQUESTS_LIMIT = 'salesforce_api_requests_limit';

// `per-app-api-usage=17/250(appName=sample-connected-app)`: the app name is not a label (it
// would let the vendor grow the label set).
const ENTRY = /^\s*([a-z][a-z-]{0,63})=(\d{1,12})\/(\d{1,12})(?:\([^)]*\))?\s*$/;

/**
 * Reads `Sforce-Limit-Info` (headers_api_usage: on every REST answer but `/`). Entries are
 * separated by `;` or `,`; an entry that does not parse is skipped, never guessed at.
 */
export function parseLimitInfo(header: string | undefined): ApiLimitUsage[] {
  if (header === undefined) return [];
  const usages: ApiLimitUsage[] = [];
  for (const entry of header.split(/[;,]/)) {
    const match = ENTRY.exec(entry);
    if (match) usages.push({ limit: match[1]!, used: Number(match[2]), max: Number(match[3]) });
  }
  return usages;
}

/** The org's API usage as the declared gauges, per limit (tenant and connector added by core). */
export function recordLimitInfo(
  metrics: ConnectorMetricsRecorder,
  header: string | undefined,
): void {
  for (const { limit, used, max } of parseLimitInfo(header)) {
    metrics.set(API_REQUESTS_USED, used, { limit });
    metrics.set(API_REQUESTS_LIMIT, max, { limit });
  }
}
