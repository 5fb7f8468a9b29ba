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

/**
 * Characters that change how the text around them reads, or hide themselves: C0 and C1 controls
 * (line breaks, terminal escape sequences), bidirectional overrides and isolates, zero-width and
 * other invisible marks. Manifest text is a pull request's to choose.
 */
const INVISIBLE = new RegExp(
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff]',
  'g',
);

/** `text` with each invisible or control character shown as `\uXXXX`, for every report format. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A before/after value on one short line, every character visible. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '-';
  const text = visibleText(typeof value === 'string' ? value : JSON.stringify(value));
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
