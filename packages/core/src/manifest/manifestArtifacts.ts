import { z } from 'zod';
import { MANIFEST_ISSUE_CODES } from './manifestIssues';
import { expectedText } from './manifestMessages';
import {
  CROSS_FIELD_RULES,
  ISSUE_CODE_MEANINGS,
  REFERENCE_INTRO,
  REFERENCE_TITLE,
} from './manifestReferenceText';
import { manifestFieldDefaults, manifestSchema } from './manifestSchema';
import { printJsonLikePrettier } from './prettierJson';
import { describeExpected, isOptionalSchema, unwrapSchema } from './schemaWalk';

export const MANIFEST_SCHEMA_ID = 'https://dealix.dev/schemas/connector-manifest.schema.json';

const SCHEMA_DESCRIPTION =
  'The Dealix connector manifest (connector.json). Generated from the zod schema of @dealix/connector-core; do not edit. Cross-field rules (backoff lengths, restricted writes need approval, declared audit events, compensation, allowed_hosts config references, config defaults, deadlines) are only enforced by the zod schema, which the loader and the gate always run.';

/** The JSON Schema for editors, as committed in packages/core/connector-manifest.schema.json. */
export function renderManifestJsonSchema(): string {
  const { $schema, ...generated } = z.toJSONSchema(manifestSchema, { io: 'input' });
  return printJsonLikePrettier({
    $schema,
    $id: MANIFEST_SCHEMA_ID,
    title: 'Dealix connector manifest',
    ...generated,
    description: SCHEMA_DESCRIPTION,
  });
}

interface Section {
  title: string;
  schema: z.ZodObject;
}

/** docs/manifest-reference.md: one table per object of the schema, then the extra rules. */
export function renderManifestReference(): string {
  const lines: string[] = [
    `# ${REFERENCE_TITLE}`,
    '',
    '<!-- Generated from packages/core/src/manifest by `npm run generate`; do not edit. -->',
    '',
  ];
  for (const paragraph of REFERENCE_INTRO) lines.push(paragraph, '');
  for (const section of collectSections()) {
    lines.push(`## ${section.title === '' ? 'Top level' : `\`${section.title}\``}`, '');
    const description = section.schema.description;
    if (description !== undefined) lines.push(description, '');
    lines.push(
      ...renderTable(['Field', 'Type', 'Required', 'Default', 'Description'], fieldRows(section)),
      '',
    );
  }
  lines.push('## Rules beyond the JSON Schema', '');
  for (const rule of CROSS_FIELD_RULES) lines.push(`- ${rule.text} (\`${rule.code}\`)`);
  lines.push('', '## Issue codes', '');
  const codeRows = MANIFEST_ISSUE_CODES.map((code) => [`\`${code}\``, ISSUE_CODE_MEANINGS[code]]);
  lines.push(...renderTable(['Code', 'Meaning'], codeRows));
  return `${lines.join('\n')}\n`;
}

// Depth first, so each object's table follows the table that refers to it.
function collectSections(section: Section = { title: '', schema: manifestSchema }): Section[] {
  const sections = [section];
  for (const [key, field] of Object.entries(section.schema.shape as Record<string, z.ZodType>)) {
    const child = childSection(section.title === '' ? key : `${section.title}.${key}`, field);
    if (child) sections.push(...collectSections(child));
  }
  return sections;
}

function childSection(path: string, field: z.ZodType): Section | undefined {
  const inner = unwrapSchema(field);
  if (inner instanceof z.ZodObject) return { title: path, schema: inner };
  if (inner instanceof z.ZodRecord) {
    const value = unwrapSchema(inner.valueType as z.ZodType);
    if (value instanceof z.ZodObject) return { title: `${path}.<name>`, schema: value };
  }
  if (inner instanceof z.ZodArray) {
    const element = unwrapSchema(inner.element as z.ZodType);
    if (element instanceof z.ZodObject) return { title: `${path}[]`, schema: element };
  }
  return undefined;
}

function fieldRows(section: Section): string[][] {
  return Object.entries(section.schema.shape as Record<string, z.ZodType>).map(([key, field]) => {
    const path = section.title === '' ? key : `${section.title}.${key}`;
    const child = childSection(path, field);
    const type = expectedText(describeExpected(field));
    const optional = isOptionalSchema(field);
    return [
      `\`${key}\``,
      child ? `${type}; see \`${child.title}\`` : type,
      optional ? 'no' : 'yes',
      optional ? (manifestFieldDefaults.get(field)?.defaultText ?? '') : '',
      field.description ?? unwrapSchema(field).description ?? '',
    ];
  });
}

/** A Markdown table padded the way Prettier pads it, so the file passes `prettier --check`. */
function renderTable(header: string[], rows: string[][]): string[] {
  const cells = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\|/g, '\\|')));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  const [head, ...body] = cells;
  return [line(head!), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}
