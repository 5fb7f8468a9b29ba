import type { GateReport } from '../report/gateReport';
import { summaryLine } from '../report/gateReport';
import {
  findingsByConnector,
  formatValue,
  hasChange,
  resultText,
  ruleTitle,
  visibleText,
} from './findingText';

const HEADER = ['connector', 'field', 'before -> after', 'rule', 'severity', 'result'];

/** The default terminal output: the verdict, one row per finding, then the notes. */
export function renderTable(report: GateReport): string {
  const rows = findingsByConnector(report).flatMap(({ findings }) =>
    findings.map((f) => [
      visibleText(f.connector),
      visibleText(f.path),
      hasChange(f) ? `${formatValue(f.before)} -> ${formatValue(f.after)}` : visibleText(f.message),
      ruleTitle(f),
      f.severity,
      resultText(f),
    ]),
  );
  const lines = [summaryLine(report)];
  if (rows.length > 0) {
    const widths = HEADER.map((_, i) =>
      Math.max(...[HEADER, ...rows].map((row) => row[i]!.length)),
    );
    const line = (row: string[]) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    lines.push('', line(HEADER), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line));
    const failing = report.findings.filter((f) => f.fails);
    if (failing.length > 0) {
      lines.push('', 'Why it fails:');
      for (const f of failing)
        lines.push(`  ${visibleText(`${f.file ?? f.manifestFile}:${f.line ?? 1} ${f.message}`)}`);
    }
  }
  for (const note of report.notes) lines.push(`note: ${visibleText(note)}`);
  return `${lines.join('\n')}\n`;
}
