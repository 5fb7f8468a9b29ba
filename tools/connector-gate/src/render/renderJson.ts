import { GATE_RULES } from '../findings/gateRules';
import { exitCodeOf, summaryLine, type GateReport } from '../report/gateReport';

/** The whole report for tools: verdict, exit code, connectors, findings and the rules that fired. */
export function renderJson(report: GateReport): string {
  const fired = [...new Set(report.findings.map((f) => f.rule))].sort();
  const rules = Object.fromEntries(fired.map((id) => [id, GATE_RULES[id]]));
  return `${JSON.stringify({ summary: summaryLine(report), exitCode: exitCodeOf(report), ...report, rules }, null, 2)}\n`;
}
