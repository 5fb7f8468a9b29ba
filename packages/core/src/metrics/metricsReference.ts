import { RUNTIME_METRICS } from './connectorMetrics';

/** docs/metrics.md, rendered from the runtime's metric definitions. */
export function renderMetricsReference(): string {
  const runtimeRows = Object.values(RUNTIME_METRICS).map(
    (m) =>
      `| \`${m.name}\` | ${m.type} | ${m.labelNames.map((l) => `\`${l}\``).join(', ')} | ${m.help} |`,
  );
  return [
    '# Runtime metrics',
    '',
    '<!-- Generated from packages/core/src/metrics by `npm run generate`. Do not edit. -->',
    '',
    "The standard's canonical business and operations metrics (`connector_health`,",
    '`approval_sla_compliance` and the five this project does not compute) are defined in the',
    '[metric dictionary](metric-dictionary.md); the two computed here are exported below with',
    "the dictionary's type and labels.",
    '',
    '## Prometheus, `GET /metrics` on the host',
    '',
    'Each name is registered once per registry; registering it again with another definition,',
    'or a dictionary metric with another type, unit or labels, fails with',
    '`DLX_E_METRICS_CONFLICT` naming both definitions.',
    '',
    '| name | type | labels | meaning |',
    '| --- | --- | --- | --- |',
    ...runtimeRows,
    '',
  ].join('\n');
}
