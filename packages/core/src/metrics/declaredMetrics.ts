import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConnectorLogger } from '../contract/types';
import { DlxError } from '../errors/dlxError';
import type { ManifestMetric, ManifestMetricType } from '../manifest';
import { RESERVED_METRIC_LABELS } from '../manifest/manifestVocabulary';
import { registerMetric } from './metricRegistration';

/** `ctx.metrics`: the connector's own metrics, exactly as its manifest's `metrics[]` declares. */
export interface ConnectorMetricsRecorder {
  /** Adds `value` (default 1) to a declared counter. */
  increment(name: string, labels?: Readonly<Record<string, string>>, value?: number): void;
  /** Sets a declared gauge. */
  set(name: string, value: number, labels?: Readonly<Record<string, string>>): void;
  /** Observes one value of a declared histogram. */
  observe(name: string, value: number, labels?: Readonly<Record<string, string>>): void;
}

type AnyMetric = Counter<string> | Gauge<string> | Histogram<string>;

interface Declared {
  spec: ManifestMetric;
  metric: AnyMetric;
}

/**
 * Registers a connector's declared metrics (once per name in the registry: the same
 * declaration by another connector shares it, a different one is DLX_E_METRICS_CONFLICT) and
 * returns the recorder of one (tenant, connector). Every series carries `tenant` and
 * `connector`; a name, a kind of use or a label the manifest does not declare is refused with
 * DLX_E_METRICS_UNDECLARED, so nothing undeclared reaches /metrics.
 */
export function declaredMetrics(
  registry: Registry,
  declarations: readonly ManifestMetric[],
  tenant: string,
  connector: string,
  /**
   * Told of every refusal as well: a connector that catches the error still shows up in the
   * log (and fails conformance's `metricsDeclared` check, which reads it).
   */
  log?: ConnectorLogger,
): ConnectorMetricsRecorder {
  const metrics = new Map<string, Declared>();
  const undeclared = (message: string, metric: string): DlxError => {
    const error = new DlxError('DLX_E_METRICS_UNDECLARED', message, { details: { metric } });
    log?.warn({ code: error.code, tenant, connector, metric }, message);
    return error;
  };
  for (const spec of declarations) {
    const metric = registerMetric(registry, {
      name: spec.name,
      help: `Declared in a connector manifest (unit: ${spec.unit}).`,
      type: spec.type,
      unit: spec.unit,
      labelNames: [...RESERVED_METRIC_LABELS, ...spec.labels],
      definedBy: `connector "${connector}"`,
    });
    metrics.set(spec.name, { spec, metric });
  }

  const series = (
    name: string,
    use: ManifestMetricType,
    labels: Readonly<Record<string, string>> | undefined,
    value: number,
  ) => {
    const declared = metrics.get(name);
    const where = `connector "${connector}" (tenant "${tenant}")`;
    if (declared === undefined) {
      throw undeclared(
        `${where} records metric "${name}", which its manifest does not declare; declared: ${[...metrics.keys()].join(', ') || '(none)'}`,
        name,
      );
    }
    if (declared.spec.type !== use) {
      throw undeclared(
        `${where} uses metric "${name}" as a ${use}; its manifest declares a ${declared.spec.type}`,
        name,
      );
    }
    const given = Object.keys(labels ?? {});
    const missing = declared.spec.labels.filter((label) => !given.includes(label));
    const extra = given.filter((label) => !declared.spec.labels.includes(label));
    if (missing.length > 0 || extra.length > 0) {
      throw undeclared(
        `${where} records metric "${name}" with labels [${given.join(', ')}]; its manifest declares [${declared.spec.labels.join(', ')}]`,
        name,
      );
    }
    if (!Number.isFinite(value)) {
      throw undeclared(`${where} records metric "${name}" with ${value}, not a number`, name);
    }
    return { metric: declared.metric, labels: { tenant, connector, ...labels } };
  };

  return {
    increment(name, labels, value = 1) {
      const { metric, labels: all } = series(name, 'counter', labels, value);
      (metric as Counter<string>).inc(all, value);
    },
    set(name, value, labels) {
      const { metric, labels: all } = series(name, 'gauge', labels, value);
      (metric as Gauge<string>).set(all, value);
    },
    observe(name, value, labels) {
      const { metric, labels: all } = series(name, 'histogram', labels, value);
      (metric as Histogram<string>).observe(all, value);
    },
  };
}
