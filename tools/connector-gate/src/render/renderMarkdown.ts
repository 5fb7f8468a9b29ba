import type { Finding } from '../findings/finding';
import type { GateReport } from '../report/gateReport';
import { summaryLine } from '../report/gateReport';
import { findingsByConnector, formatValue, hasChange, resultText, ruleTitle } from './findingText';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (text: string) => (text === '-' ? '-' : `\`${text.replace(/`/g, "'")}\``);

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
      ...relaxations.map((f) => `- \`${f.connector}\` ${cell(f.message)}`),
      '',
    );
  }
  for (const { findings } of findingsByConnector(report)) {
    const first: Finding = findings[0]!;
    lines.push(
      `### \`${first.connector}\` (${first.package})`,
      '',
      `Manifest: \`${first.manifestFile}\``,
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
      const result = f.fails ? `**${resultText(f)}**` : resultText(f);
      lines.push(
        `| \`${cell(f.path)}\` | ${change} | ${ruleTitle(f)} | ${f.severity} | ${result} | ${cell(f.message)} |`,
      );
    }
    lines.push('');
  }
  if (report.notes.length > 0) lines.push(...report.notes.map((n) => `> note: ${cell(n)}`), '');
  return `${lines.join('\n').trimEnd()}\n`;
}
