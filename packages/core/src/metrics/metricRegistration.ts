import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { DlxError } from '../errors/dlxError';
import { dictionaryShape, findDictionaryMetric, METRIC_DICTIONARY_FILE } from './metricDictionary';
import { describeMetricShape, metricShapeDifferences, type MetricShape } from './metricShape';

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricDefinition {
  name: string;
  help: string;
  type: MetricType;
  labelNames: readonly string[];
  buckets?: readonly number[];
  /** The unit, where the definer states one (a connector manifest, the metric dictionary). */
  unit?: string;
  /** Who defines it, for conflict messages: `connector "crm"`, `core's runtime`... */
  definedBy?: string;
}

const definitions = new WeakMap<Registry, Map<string, MetricDefinition>>();

function sameDefinition(a: MetricDefinition, b: MetricDefinition): boolean {
  return (
    a.type === b.type &&
    a.help === b.help &&
    a.unit === b.unit &&
    a.labelNames.join(',') === b.labelNames.join(',') &&
    (a.buckets ?? []).join(',') === (b.buckets ?? []).join(',')
  );
}

function shapeOf(def: MetricDefinition): MetricShape {
  return {
    name: def.name,
    type: def.type,
    ...(def.unit !== undefined && { unit: def.unit }),
    labels: def.labelNames,
  };
}

function named(def: MetricDefinition): string {
  return `${def.definedBy ?? 'a definition'} (${describeMetricShape(shapeOf(def))})`;
}

/**
 * The standard's rule: a dictionary metric is exported only with the dictionary's type, unit
 * and labels, whoever registers it (the host, a connector's manifest).
 */
function refuseDictionaryRedefinition(def: MetricDefinition): void {
  const canonical = findDictionaryMetric(def.name);
  if (canonical === undefined) return;
  const differences: string[] = metricShapeDifferences(dictionaryShape(canonical), shapeOf(def));
  if (def.name !== canonical.prometheus_name) differences.unshift('exported name');
  if (differences.length === 0) return;
  throw new DlxError(
    'DLX_E_METRICS_CONFLICT',
    `metric ${def.name} is defined by the metric dictionary (${METRIC_DICTIONARY_FILE}) as ` +
      `${describeMetricShape(dictionaryShape(canonical))} exported as ${canonical.prometheus_name}; ` +
      `${named(def)} redefines it (${differences.join(', ')} differ)`,
    { details: { metric: def.name, dictionary: canonical.name } },
  );
}

type MetricFor<T extends MetricType> = T extends 'counter'
  ? Counter<string>
  : T extends 'gauge'
    ? Gauge<string>
    : Histogram<string>;

/**
 * Registers a metric once per registry (the standard's rule: one definition per name).
 * The same definition again returns the existing metric; a different one, or one that differs
 * from the metric dictionary's definition of the name, is DLX_E_METRICS_CONFLICT naming both.
 */
export function registerMetric<T extends MetricType>(
  registry: Registry,
  def: MetricDefinition & { type: T },
): MetricFor<T> {
  refuseDictionaryRedefinition(def);
  let known = definitions.get(registry);
  if (!known) definitions.set(registry, (known = new Map()));
  const previous = known.get(def.name);
  if (previous) {
    if (!sameDefinition(previous, def)) {
      throw new DlxError(
        'DLX_E_METRICS_CONFLICT',
        `metric ${def.name} is already registered by ${named(previous)}; ` +
          `a second definition by ${named(def)} is not allowed`,
        { details: { metric: def.name } },
      );
    }
    return registry.getSingleMetric(def.name) as MetricFor<T>;
  }
  if (registry.getSingleMetric(def.name)) {
    throw new DlxError(
      'DLX_E_METRICS_CONFLICT',
      `metric ${def.name} is already registered by another component of this registry`,
      { details: { metric: def.name } },
    );
  }
  const common = {
    name: def.name,
    help: def.help,
    labelNames: [...def.labelNames],
    registers: [registry],
  };
  let metric: Counter<string> | Gauge<string> | Histogram<string>;
  if (def.type === 'counter') metric = new Counter(common);
  else if (def.type === 'gauge') metric = new Gauge(common);
  else metric = new Histogram({ ...common, ...(def.buckets && { buckets: [...def.buckets] }) });
  known.set(def.name, { ...def });
  return metric as MetricFor<T>;
}
