import type { Finding } from '../findings/finding';
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

// Manifest text is a pull request's to choose: in prose every ASCII punctuation character is
// backslash-escaped (CommonMark renders it as itself), so it cannot open a heading, a link, an
// image, HTML, a mention or a new table cell; line breaks and invisible characters show as
// \uXXXX. In a code span only a backtick and the table's `|` need care (GFM splits cells first).
const cell = (text: string) => visibleText(text).replace(/[!-/:-@[-`{-~]/g, '\\$&');
const code = (text: string) =>
  text === '-' ? '-' : `\`${visibleText(text).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;

/**
 * For a pull-request comment or job summary: the verdict, the governance relaxations a
 * reviewer must look at, then one section per connector with before → after per field.
 */
export function renderMarkdown(report: GateReport): string {
  const lines = [`**${summaryLine(report)}**`, ''];
  const relaxations = report.findings.filter((f) => f.severity === 'relaxation');
  if (relaxations.length > 0) {
    lines.push(
      `#### Governance relaxations for the reviewer${report.acknowledged ? ' (acknowledged)' : ''}`,
      '',
      ...relaxations.map((f) => `- ${code(f.connector)} ${cell(f.message)}`),
      '',
    );
  }
  for (const { findings } of findingsByConnector(report)) {
    const first: Finding = findings[0]!;
    lines.push(
      `### ${code(first.connector)} (${cell(first.package)})`,
      '',
      `Manifest: ${code(first.manifestFile)}`,
      '',
    );
    lines.push(
      '| field | before → after | rule | severity | result | detail |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const f of findings) {
      const change = hasChange(f)
        ? `${code(formatValue(f.before))} → ${code(formatValue(f.after))}`
        : '-';
      const result = f.fails ? `**${cell(resultText(f))}**` : cell(resultText(f));
      lines.push(
        `| ${code(f.path)} | ${change} | ${ruleTitle(f)} | ${f.severity} | ${result} | ${cell(f.message)} |`,
      );
    }
    lines.push('');
  }
  if (report.notes.length > 0) lines.push(...report.notes.map((n) => `> note: ${cell(n)}`), '');
  return `${lines.join('\n').trimEnd()}\n`;
}
