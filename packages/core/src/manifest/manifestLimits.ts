/**
 * Size bounds of the manifest. Every string, array and map is bounded so that a hostile file
 * cannot make validation slow; the values sit far above anything a real connector needs.
 */
export const MANIFEST_LIMITS = {
  /** connector_key, operation names, config field names. */
  nameLength: 64,
  eventNameLength: 100,
  /** display names, owners, metric units, library names. */
  shortText: 200,
  /** descriptions, compensation notes, direct transport reasons. */
  description: 1000,
  /** URLs and other long single values. */
  longText: 2000,
  /** allowed_hosts entries and host_pattern: a DNS name is at most 253 characters. */
  hostLength: 300,
  owners: 50,
  auditEvents: 200,
  webhookEvents: 200,
  allowedHosts: 100,
  operations: 200,
  configFields: 100,
  metrics: 100,
  metricLabels: 20,
  directTransports: 20,
  retryMax: 10,
  timeoutMs: 600_000,
  /** max_response_bytes: 1 GiB. */
  maxResponseBytes: 1_073_741_824,
  /** suggested_limits.max_concurrency and max_requests_per_second. */
  concurrency: 10_000,
  requestsPerSecond: 100_000,
  /** suggested_limits.max_queue. */
  queue: 1_000_000,
} as const;

/**
 * Bounds of the defensive copy taken before validation (jsonSnapshot.ts). Values deeper than
 * `depth` are never looked at by the schema (its deepest value sits at depth 4), so they are
 * cut off; strings and arrays are cut just past the largest limit the schema allows, so the
 * schema still reports them as too long.
 */
export const INPUT_LIMITS = {
  depth: 6,
  /** Total values copied; a real manifest has a few thousand at most. */
  values: 20_000,
  /** Fields of one object. */
  fields: 1_000,
  /** Items of one array copied (one more than any array limit of the schema). */
  items: 1_000,
  /** Characters of one string copied (one more than any string limit of the schema). */
  stringChars: MANIFEST_LIMITS.longText + 1,
  /** Characters of a manifest file given to parseManifestText. */
  textChars: 1_000_000,
  /** Issues reported for one manifest; the rest are counted. */
  issues: 100,
  /** Characters of a value shown in a message. */
  preview: 60,
} as const;
