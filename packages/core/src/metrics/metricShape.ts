import type { ManifestMetric } from '../manifest';
import { RESERVED_METRIC_LABELS } from '../manifest/manifestVocabulary';

/**
 * What makes two definitions of one metric name the same metric: its type, its unit and its
 * full label set. The runtime's registry and the gate compare definitions with this one rule.
 */
export interface MetricShape {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  /** Compared only when both definitions state one (the runtime's own metrics have none). */
  unit?: string;
  labels: readonly string[];
}

export type MetricAspect = 'type' | 'unit' | 'labels';

/** The aspects in which two definitions differ; empty when they define the same metric. */
export function metricShapeDifferences(a: MetricShape, b: MetricShape): MetricAspect[] {
  const differences: MetricAspect[] = [];
  if (a.type !== b.type) differences.push('type');
  if (a.unit !== undefined && b.unit !== undefined && a.unit !== b.unit) differences.push('unit');
  const sorted = (labels: readonly string[]) => [...labels].sort().join(',');
  if (sorted(a.labels) !== sorted(b.labels)) differences.push('labels');
  return differences;
}

/** `a gauge (unit ratio, labels [tenant])`: how conflict messages name a definition. */
export function describeMetricShape(shape: MetricShape): string {
  const unit = shape.unit === undefined ? '' : `unit ${shape.unit}, `;
  return `a ${shape.type} (${unit}labels [${shape.labels.join(', ')}])`;
}

/** A connector's declared metric as the runtime registers it: `tenant` and `connector` added. */
export function connectorMetricShape(metric: ManifestMetric): MetricShape {
  return {
    name: metric.name,
    type: metric.type,
    unit: metric.unit,
    labels: [...RESERVED_METRIC_LABELS, ...metric.labels],
  };
}
