import {
  METRIC_DICTIONARY_FILE,
  RUNTIME_METRICS,
  connectorMetricShape,
  describeMetricShape,
  dictionaryShape,
  findDictionaryMetric,
  metricShapeDifferences,
  type MetricShape,
} from '@dealix/connector-core';
import type { Finding } from '../findings/finding';
import { jsonLineIndex, lineOf } from '../locate/jsonLineIndex';
import type { ConnectorSide } from '../repo/connectorSide';
import { checkFinding } from './checkFinding';
import { subjectOf } from './repoRules';

/** One declared metric, where it is declared, and its shape as the runtime registers it. */
interface Declaration {
  side: ConnectorSide;
  key: string;
  path: string;
  line: number;
  shape: MetricShape;
}

function declarations(sides: readonly ConnectorSide[]): Declaration[] {
  const all: Declaration[] = [];
  for (const side of sides) {
    if (!side.validation?.ok || side.manifestText === undefined) continue;
    const manifest = side.validation.manifest;
    // Lines are looked up only in manifests that declare metrics.
    if (manifest.metrics === undefined || manifest.metrics.length === 0) continue;
    const index = jsonLineIndex(side.manifestText);
    manifest.metrics.forEach((metric, i) => {
      const path = `metrics[${i}]`;
      all.push({
        side,
        key: manifest.connector_key,
        path,
        line: lineOf(index, path),
        shape: connectorMetricShape(metric),
      });
    });
  }
  return all;
}

function declared(d: Declaration): string {
  return `${d.path} "${d.shape.name}" (${describeMetricShape(d.shape)}, with the runtime's labels)`;
}

/**
 * The standard's rule that no two services define a metric differently, before any code runs:
 * a connector's declared metric may not redefine a metric of the dictionary or of core's
 * runtime, nor a metric another connector declares with another type, unit or labels. Every
 * finding names both definitions and where each one is.
 */
export function metricRedefinitionFindings(sides: readonly ConnectorSide[]): Finding[] {
  const findings: Finding[] = [];
  const all = declarations(sides);
  const runtimeNames = new Set<string>(Object.values(RUNTIME_METRICS).map((m) => m.name));
  const report = (d: Declaration, message: string) =>
    findings.push(
      checkFinding(subjectOf(d.side), 'metric_redefined', message, { path: d.path, line: d.line }),
    );
  for (const d of all) {
    const canonical = findDictionaryMetric(d.shape.name);
    if (canonical !== undefined) {
      const differences: string[] = metricShapeDifferences(dictionaryShape(canonical), d.shape);
      if (d.shape.name !== canonical.prometheus_name) differences.unshift('exported name');
      if (differences.length > 0) {
        report(
          d,
          `${declared(d)} redefines the metric dictionary's ${canonical.name}, ` +
            `${describeMetricShape(dictionaryShape(canonical))} exported as ${canonical.prometheus_name} ` +
            `(${METRIC_DICTIONARY_FILE}): ${differences.join(', ')} differ`,
        );
      }
      continue;
    }
    if (runtimeNames.has(d.shape.name)) {
      report(
        d,
        `${declared(d)} takes the name of core's runtime metric ${d.shape.name} ` +
          '(docs/metrics.md); a connector metric needs a name of its own',
      );
      continue;
    }
    for (const other of all) {
      if (other === d || other.shape.name !== d.shape.name) continue;
      const differences = metricShapeDifferences(other.shape, d.shape);
      if (differences.length === 0) continue;
      report(
        d,
        `${declared(d)} differs from connector "${other.key}"'s ${other.path} in ` +
          `${other.side.manifestFile}:${other.line} (${describeMetricShape(other.shape)}): ` +
          `${differences.join(', ')} differ`,
      );
    }
  }
  return findings;
}
