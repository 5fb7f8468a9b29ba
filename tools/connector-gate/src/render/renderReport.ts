import { GateError } from '../gateError';
import type { GateReport } from '../report/gateReport';
import { renderGithub } from './renderGithub';
import { renderJson } from './renderJson';
import { renderMarkdown } from './renderMarkdown';
import { renderTable } from './renderTable';

export const OUTPUT_FORMATS = ['table', 'markdown', 'json', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const RENDERERS: Record<OutputFormat, (report: GateReport) => string> = {
  table: renderTable,
  markdown: renderMarkdown,
  json: renderJson,
  github: renderGithub,
};

export function renderReport(report: GateReport, format: OutputFormat): string {
  return RENDERERS[format](report);
}

export function parseFormat(text: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(text)) return text as OutputFormat;
  throw new GateError(
    'GATE_USAGE',
    `--format must be one of ${OUTPUT_FORMATS.join(', ')}, got ${JSON.stringify(text)}`,
  );
}
