import type { Finding } from '../findings/finding';

export type ConnectorStatus = 'added' | 'deleted' | 'changed' | 'unchanged' | 'checked';

/** One connector the run looked at. */
export interface ConnectorEntry {
  connector: string;
  package: string;
  manifestFile: string;
  /** Where the manifest was at the base, when that differs or the connector was deleted. */
  baseManifestFile?: string;
  status: ConnectorStatus;
}

/** The outcome of `check` or `diff`, as every renderer receives it. */
export interface GateReport {
  command: 'check' | 'diff';
  /** The base ref of a diff. */
  base?: string;
  /** Whether a reviewer acknowledged governance relaxations (`--acknowledge`). */
  acknowledged: boolean;
  connectors: ConnectorEntry[];
  findings: Finding[];
  /** Remarks that fail nothing (an unreadable changeset line, a check that was skipped). */
  notes: string[];
  passed: boolean;
}

export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_ERROR = 2;

export function exitCodeOf(report: GateReport): number {
  return report.passed ? EXIT_PASS : EXIT_FAIL;
}

/** The one-line verdict every format starts with. */
export function summaryLine(report: GateReport): string {
  const failing = report.findings.filter((f) => f.fails);
  const verdict = report.passed ? 'PASS' : 'FAIL';
  const what = report.command === 'diff' ? `diff against ${report.base}` : 'check';
  const counts = new Map<string, number>();
  for (const entry of report.connectors)
    counts.set(entry.status, (counts.get(entry.status) ?? 0) + 1);
  const statuses = ['changed', 'added', 'deleted', 'unchanged', 'checked']
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(', ');
  const bySeverity = new Map<string, number>();
  for (const f of failing) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
  const failText =
    failing.length === 0
      ? 'nothing fails'
      : `${failing.length} failing (${[...bySeverity].map(([s, n]) => `${n} ${s}`).join(', ')})`;
  const relaxations = report.findings.filter((f) => f.severity === 'relaxation').length;
  const relaxText =
    relaxations > 0 ? `; ${relaxations} governance relaxation(s) for the reviewer` : '';
  return `connector-gate ${what}: ${verdict} (${statuses || 'no connectors'}; ${failText}${relaxText})`;
}
