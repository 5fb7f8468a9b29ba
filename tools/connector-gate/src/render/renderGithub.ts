import type { Finding } from '../findings/finding';
import { summaryLine, type GateReport } from '../report/gateReport';
import { formatValue, hasChange, ruleTitle, visibleText } from './findingText';

// Workflow command escaping (actions/toolkit command.ts): data escapes %, CR and LF; property
// values also escape : and ,.
const escapeData = (text: string) =>
  text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

function level(finding: Finding): 'error' | 'warning' | 'notice' {
  if (finding.fails) return 'error';
  return finding.severity === 'relaxation' || finding.severity === 'breaking'
    ? 'warning'
    : 'notice';
}

/** GitHub Actions annotations at the manifest file and line of each field. */
export function renderGithub(report: GateReport): string {
  const lines = report.findings.map((f) => {
    const file = f.file ?? f.manifestFile;
    const title = `${ruleTitle(f)} (${f.connector})`;
    const change = hasChange(f) ? ` [${formatValue(f.before)} -> ${formatValue(f.after)}]` : '';
    const properties = [
      `file=${escapeProperty(file)}`,
      `line=${f.line ?? 1}`,
      `title=${escapeProperty(title)}`,
    ];
    return `::${level(f)} ${properties.join(',')}::${escapeData(visibleText(`${f.message}${change}`))}`;
  });
  for (const note of report.notes) lines.push(`::notice::${escapeData(visibleText(note))}`);
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}
