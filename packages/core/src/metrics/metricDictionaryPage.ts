import { CANONICAL_METRICS, METRIC_DICTIONARY_FILE } from './metricDictionary';
import type { MetricDictionaryEntry } from './metricDictionarySchema';

/** The fields of an entry in the order the page shows them, with their headings. */
export const METRIC_DICTIONARY_PAGE_FIELDS = [
  ['definition', 'Definition'],
  ['formula', 'Formula'],
  ['source', 'Source'],
  ['owner', 'Owner'],
  ['unit', 'Unit'],
  ['type', 'Type'],
  ['labels', 'Labels'],
  ['prometheus_name', 'Prometheus name'],
  ['computed_by', 'Computed by'],
] as const satisfies ReadonlyArray<readonly [keyof MetricDictionaryEntry, string]>;

/** One field as page text: lists and names in code spans, prose as written. */
export function metricDictionaryFieldText(
  entry: MetricDictionaryEntry,
  field: (typeof METRIC_DICTIONARY_PAGE_FIELDS)[number][0],
): string {
  switch (field) {
    case 'labels':
      return entry.labels.map((l) => `\`${l}\``).join(', ');
    case 'unit':
    case 'type':
    case 'prometheus_name':
      return `\`${entry[field]}\``;
    case 'computed_by':
      return entry.computed_by ?? 'not computed by this project (it holds none of the source data)';
    default:
      return entry[field];
  }
}

/** docs/metric-dictionary.md, rendered from the dictionary data file. */
export function renderMetricDictionaryPage(): string {
  const summary = CANONICAL_METRICS.map(
    (m) => `| \`${m.name}\` | ${m.definition} | ${m.source} | ${m.owner} |`,
  );
  const sections = CANONICAL_METRICS.flatMap((m) => [
    `## \`${m.name}\``,
    '',
    ...METRIC_DICTIONARY_PAGE_FIELDS.map(
      ([field, heading]) => `- **${heading}:** ${metricDictionaryFieldText(m, field)}`,
    ),
    '',
  ]);
  return [
    '# Metric dictionary',
    '',
    `<!-- Generated from ${METRIC_DICTIONARY_FILE} by \`npm run generate\`. Do not edit. -->`,
    '',
    "The standard's canonical metrics. No two services may define them differently: this",
    'project computes `connector_health` and `approval_sla_compliance` exactly by the formulas',
    'below; a connector manifest that declares one of these names with another type, unit or',
    'labels fails the gate (`metric_redefined`) and is refused at registration',
    '(`DLX_E_METRICS_CONFLICT`). The same data is served at `GET /api/v1/metric-dictionary` and',
    'exported as `CANONICAL_METRICS` from `@dealix/connector-core` (the file itself as',
    '`@dealix/connector-core/metric-dictionary.json`).',
    '',
    '| metric | definition | source | owner |',
    '| --- | --- | --- | --- |',
    ...summary,
    '',
    ...sections,
  ].join('\n');
}
