import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { DlxError } from '../errors/dlxError';

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricDefinition {
  name: string;
  help: string;
  type: MetricType;
  labelNames: readonly string[];
  buckets?: readonly number[];
}

const definitions = new WeakMap<Registry, Map<string, MetricDefinition>>();

function sameDefinition(a: MetricDefinition, b: MetricDefinition): boolean {
  return (
    a.type === b.type &&
    a.help === b.help &&
    a.labelNames.join(',') === b.labelNames.join(',') &&
    (a.buckets ?? []).join(',') === (b.buckets ?? []).join(',')
  );
}

type MetricFor<T extends MetricType> = T extends 'counter'
  ? Counter<string>
  : T extends 'gauge'
    ? Gauge<string>
    : Histogram<string>;

/**
 * Registers a metric once per registry (the standard's rule: one definition per name).
 * The same definition again returns the existing metric; a different one is an error.
 */
export function registerMetric<T extends MetricType>(
  registry: Registry,
  def: MetricDefinition & { type: T },
): MetricFor<T> {
  let known = definitions.get(registry);
  if (!known) definitions.set(registry, (known = new Map()));
  const previous = known.get(def.name);
  if (previous) {
    if (!sameDefinition(previous, def)) {
      throw new DlxError(
        'DLX_E_METRICS_CONFLICT',
        `metric ${def.name} is already registered as a ${previous.type} with labels [${previous.labelNames.join(', ')}]; ` +
          `a second definition (${def.type}, labels [${def.labelNames.join(', ')}]) is not allowed`,
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
