import type { Finding, Severity } from '../findings/finding';
import { GATE_RULES } from '../findings/gateRules';
import type { GateReport } from '../report/gateReport';

const SEVERITY_ORDER: readonly Severity[] = [
  'invalid',
  'breaking',
  'relaxation',
  'changeset',
  'info',
];
const MAX_VALUE_CHARS = 80;

/** A before/after value on one short line. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '-';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}

export function hasChange(finding: Finding): boolean {
  return finding.before !== undefined || finding.after !== undefined;
}

export function ruleTitle(finding: Finding): string {
  return GATE_RULES[finding.rule].title;
}

/** `fails`, `passes` or `passes (why)`. */
export function resultText(finding: Finding): string {
  if (finding.fails) return 'fails';
  return finding.resolution ? `passes (${finding.resolution})` : 'passes';
}

/** Findings grouped by connector (in report order), each group ordered by severity. */
export function findingsByConnector(
  report: GateReport,
): Array<{ key: string; findings: Finding[] }> {
  const groups = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const key = `${finding.connector}\u0000${finding.package}`;
    const list = groups.get(key);
    if (list) list.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups].map(([key, findings]) => ({
    key,
    findings: [...findings].sort(
      (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
    ),
  }));
}
