import { RUNTIME_METRICS } from './connectorMetrics';

/** The standard's metric dictionary (canonical definitions; no service may redefine them). */
export const METRIC_DICTIONARY = [
  [
    'revenue_actual',
    'Sum of closed-won deal values in period',
    "`deals` table WHERE status='won'",
    'Revenue Track',
  ],
  [
    'pipeline_value',
    'Sum of open deal values',
    "`deals` table WHERE status IN ('open', 'negotiating')",
    'Revenue Track',
  ],
  ['win_rate', 'Won deals / total closed deals', '`deals` table', 'Revenue Track'],
  [
    'cac',
    'Total acquisition cost / new customers in period',
    '`commissions` + marketing spend',
    'Revenue Track',
  ],
  [
    'consent_coverage',
    'Leads with active consent / total leads',
    '`consents` + `leads` tables',
    'Compliance Track',
  ],
  [
    'approval_sla_compliance',
    'Approvals within SLA / total approvals',
    '`approval_requests` table',
    'Trust Track',
  ],
  [
    'connector_health',
    'Connectors with status=ok / total connectors',
    'sync state of registered connectors (this framework)',
    'Operations Track',
  ],
] as const;

/** docs/metrics.md, rendered from the runtime's metric definitions. */
export function renderMetricsReference(): string {
  const runtimeRows = Object.values(RUNTIME_METRICS).map(
    (m) =>
      `| \`${m.name}\` | ${m.type} | ${m.labelNames.map((l) => `\`${l}\``).join(', ')} | ${m.help} |`,
  );
  const dictionaryRows = METRIC_DICTIONARY.map(
    ([n, d, s, o]) => `| \`${n}\` | ${d} | ${s} | ${o} |`,
  );
  return [
    '# Metric dictionary',
    '',
    '<!-- Generated from packages/core/src/metrics by `npm run generate`. Do not edit. -->',
    '',
    '## Canonical business and operations metrics (the governance standard)',
    '',
    'No two services may define these differently; this table is canonical.',
    '',
    '| metric | definition | source | owner |',
    '| --- | --- | --- | --- |',
    ...dictionaryRows,
    '',
    '## Runtime metrics (Prometheus, `GET /metrics` on the host)',
    '',
    'Each name is registered once per registry; registering it again with another definition',
    'fails with `DLX_E_METRICS_CONFLICT`.',
    '',
    '| name | type | labels | meaning |',
    '| --- | --- | --- | --- |',
    ...runtimeRows,
    '',
  ].join('\n');
}
