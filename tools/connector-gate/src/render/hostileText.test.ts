/* eslint-disable no-control-regex -- these tests look for control characters in reports */
import fc from 'fast-check';
import type { Finding } from '../findings/finding';
import type { GateReport } from '../report/gateReport';
import { visibleText } from './findingText';
import { renderGithub } from './renderGithub';
import { renderMarkdown } from './renderMarkdown';
import { renderTable } from './renderTable';

// Outsider finding h5-F9: a display_name with a line break and `|` split the Markdown table
// and rendered a heading, an external image and a mention in the job summary; bidirectional
// overrides and zero-width characters reached every format raw.
const HOSTILE =
  'Stripe` | passes | x |\n## All clear <img src=https://evil.example/x.png> [ok](https://evil.example) @dealix/governance \u202egnp.exe\u202c\u200b\u001b[31m';
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

function reportWith(text: string): GateReport {
  const finding: Finding = {
    connector: 'stripe',
    package: '@dealix/connector-stripe',
    manifestFile: 'packages/connectors/stripe/connector.json',
    path: 'display_name',
    before: 'Stripe Payments',
    after: text,
    rule: 'informational',
    severity: 'info',
    line: 3,
    message: `display_name changed to ${text}`,
    fails: false,
  };
  return {
    command: 'diff',
    base: 'main',
    acknowledged: false,
    connectors: [],
    findings: [finding, { ...finding, path: 'description', rule: 'informational' }],
    notes: [`a note about ${text}`],
    passed: true,
  };
}

/** Cells of a GFM table row: split at `|` not escaped by a backslash. */
const cells = (row: string) => row.split(/(?<!\\)\|/).length;

describe('reports keep manifest text from forging their layout', () => {
  it('Markdown: the table keeps its rows and cells; no heading, image, link or mention', () => {
    const markdown = renderMarkdown(reportWith(HOSTILE));
    const lines = markdown.split('\n');
    const header = lines.findIndex((l) => l.startsWith('| field |'));
    const rows = lines.slice(header + 2, header + 4);
    expect(rows.every((row) => row.startsWith('| ') && cells(row) === cells(lines[header]!))).toBe(
      true,
    );
    expect(lines[header + 4]).toBe('');
    expect(lines.filter((l) => l.startsWith('#'))).toEqual([
      '### `stripe` (\\@dealix\\/connector\\-stripe)',
    ]);
    // Outside code spans (which render nothing as HTML or links), nothing is left unescaped.
    const prose = markdown.replace(/`[^`\n]*`/g, '');
    expect(prose).not.toMatch(/(?<!\\)<img|(?<!\\)\[ok\]|(?<!\\)@dealix/);
    expect(prose).toContain('\\<img');
    expect(lines.filter((l) => INVISIBLE.test(l))).toEqual([]);
    expect(markdown).toContain('\\u202e');
  });

  it('the terminal table and GitHub annotations: one line per finding, every character visible', () => {
    const report = reportWith(HOSTILE);
    const table = renderTable(report);
    expect(table).not.toMatch(/[\u001b\u202e\u200b]/u);
    expect(table.split('\n').filter((l) => l.startsWith('stripe'))).toHaveLength(2);
    const github = renderGithub(report).trimEnd().split('\n');
    expect(github).toHaveLength(4);
    expect(github.slice(0, 3).every((l) => l.startsWith('::'))).toBe(true);
    expect(github.filter((l) => INVISIBLE.test(l))).toEqual([]);
  });

  it('visibleText leaves no invisible character and changes nothing else (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const shown = visibleText(text);
        expect(shown).not.toMatch(INVISIBLE);
        if (!INVISIBLE.test(text)) expect(shown).toBe(text);
      }),
    );
  });

  it('any display name leaves the Markdown table two rows of six cells (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const lines = renderMarkdown(reportWith(text)).split('\n');
        const header = lines.findIndex((l) => l.startsWith('| field |'));
        for (const row of lines.slice(header + 2, header + 4))
          expect(cells(row)).toBe(cells(lines[header]!));
        expect(lines[header + 4]).toBe('');
      }),
      { numRuns: 300 },
    );
  });
});
