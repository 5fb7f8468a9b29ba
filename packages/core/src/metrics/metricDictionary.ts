import dictionaryFile from './metric-dictionary.json';
import {
  parseMetricDictionary,
  type MetricDictionary,
  type MetricDictionaryEntry,
} from './metricDictionarySchema';
import type { MetricDefinition } from './metricRegistration';
import type { MetricShape } from './metricShape';

/** Where the dictionary lives in the repository (named in conflict messages and docs). */
export const METRIC_DICTIONARY_FILE = 'packages/core/src/metrics/metric-dictionary.json';

const dictionary: MetricDictionary = deepFreeze(
  parseMetricDictionary(dictionaryFile, METRIC_DICTIONARY_FILE),
);

/**
 * The standard's canonical metrics, from core's one data file (validated when core loads):
 * `GET /api/v1/metric-dictionary`, docs/metric-dictionary.md and this export all come from it.
 */
export const CANONICAL_METRICS: readonly MetricDictionaryEntry[] = dictionary.metrics;

/**
 * @deprecated Core 1.0's view of the dictionary, `[name, definition, source, owner]` per
 * metric, kept for its users; derived from the same data file. Use CANONICAL_METRICS.
 */
export const METRIC_DICTIONARY: ReadonlyArray<
  readonly [name: string, definition: string, source: string, owner: string]
> = Object.freeze(
  CANONICAL_METRICS.map((m) => Object.freeze([m.name, m.definition, m.source, m.owner] as const)),
);

/** The entry whose name or exported Prometheus name is `name`, if the dictionary defines it. */
export function findDictionaryMetric(name: string): MetricDictionaryEntry | undefined {
  return CANONICAL_METRICS.find((m) => m.name === name || m.prometheus_name === name);
}

/** The dictionary entry of a metric this project computes; a missing one is a bug in core. */
function dictionaryMetric(name: string): MetricDictionaryEntry {
  const entry = findDictionaryMetric(name);
  if (entry === undefined) throw new Error(`the metric dictionary defines no "${name}"`);
  return entry;
}

/** A dictionary entry as a metric shape (exported name, type, unit, labels). */
export function dictionaryShape(entry: MetricDictionaryEntry): MetricShape {
  return {
    name: entry.prometheus_name,
    type: entry.type,
    unit: entry.unit,
    labels: entry.labels,
  };
}

/** The Prometheus registration of a dictionary metric this project computes. */
export function dictionaryMetricDefinition(name: string): MetricDefinition {
  const entry = dictionaryMetric(name);
  return {
    name: entry.prometheus_name,
    help: `${entry.definition} (the metric dictionary; unit: ${entry.unit}). See docs/metric-dictionary.md.`,
    type: entry.type,
    unit: entry.unit,
    labelNames: entry.labels,
    definedBy: 'the metric dictionary',
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
