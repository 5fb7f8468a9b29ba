/** The loader's verdict on one plugin (DESIGN.md, Statuses). */
export type PluginOutcome = 'ready' | 'degraded' | 'rejected';

export const LOADER_STAGES = [
  'read_package',
  'validate_manifest',
  'check_core_compatibility',
  'check_unique_key',
  'import_entry',
  'check_contract',
  'initialize',
  'health_probe',
] as const;

export type LoaderStage = (typeof LOADER_STAGES)[number];

export interface StartupReportEntry {
  key: string | null;
  version: string | null;
  package: string | null;
  path: string;
  /** The last stage the plugin reached (the failing one when rejected). */
  stage: LoaderStage;
  outcome: PluginOutcome;
  reason: string | null;
  /** Error code of the rejection, when rejected. */
  code: string | null;
  duration_ms: number;
}

export interface StartupReport {
  core_version: string;
  entries: StartupReportEntry[];
  notes: string[];
}

const COLUMNS: Array<[keyof StartupReportEntry, string]> = [
  ['key', 'KEY'],
  ['version', 'VERSION'],
  ['package', 'PACKAGE'],
  ['outcome', 'OUTCOME'],
  ['stage', 'STAGE'],
  ['duration_ms', 'MS'],
  ['path', 'PATH'],
  ['reason', 'REASON'],
];

/** The startup report as a plain-text table, one line per plugin. */
export function formatStartupReport(report: StartupReport): string {
  const lines = [`Dealix connectors startup report (core ${report.core_version})`];
  if (report.entries.length === 0) {
    lines.push('No connector plugins found.');
  } else {
    const rows = report.entries.map((e) => COLUMNS.map(([k]) => String(e[k] ?? '-')));
    const header = COLUMNS.map(([, title]) => title);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    lines.push(fmt(header), ...rows.map(fmt));
    const count = (o: PluginOutcome) => report.entries.filter((e) => e.outcome === o).length;
    lines.push(
      `${count('ready')} ready, ${count('degraded')} degraded, ${count('rejected')} rejected`,
    );
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}
