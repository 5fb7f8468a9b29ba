import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  MANIFEST_SCHEMA_ID,
  renderManifestJsonSchema,
  renderManifestReference,
} from './manifestArtifacts';
import { MANIFEST_ISSUE_CODES } from './manifestIssues';
import { manifestSchema } from './manifestSchema';
import { isOptionalSchema } from './schemaWalk';

const SCHEMA_FILE = resolve(__dirname, '..', '..', 'connector-manifest.schema.json');
const REFERENCE_FILE = resolve(__dirname, '..', '..', '..', '..', 'docs', 'manifest-reference.md');

function expectCommitted(file: string, rendered: string): void {
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (committed !== rendered) {
    throw new Error(`${file} differs from what the schema renders: run \`npm run generate\``);
  }
}

interface JsonSchemaNode {
  $id?: string;
  description?: string;
  required?: string[];
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: boolean | JsonSchemaNode;
  items?: JsonSchemaNode;
}

describe('generated manifest artifacts', () => {
  it('the committed JSON Schema is current', () => {
    expectCommitted(SCHEMA_FILE, renderManifestJsonSchema());
  });

  it('the committed reference is current', () => {
    expectCommitted(REFERENCE_FILE, renderManifestReference());
  });

  it('the JSON Schema names itself, closes every object and says what it cannot check', () => {
    const schema = JSON.parse(renderManifestJsonSchema()) as JsonSchemaNode;
    expect(schema.$id).toBe(MANIFEST_SCHEMA_ID);
    expect(schema.description).toMatch(/only enforced by the zod schema/);
    const shape = manifestSchema.shape as Record<string, z.ZodType>;
    const required = Object.keys(shape).filter((k) => !isOptionalSchema(shape[k]!));
    expect(schema.required).toEqual(required);
    const open: string[] = [];
    const visit = (node: JsonSchemaNode, path: string) => {
      if (node.properties && node.additionalProperties !== false) open.push(path);
      for (const [key, child] of Object.entries(node.properties ?? {}))
        visit(child, `${path}.${key}`);
      if (typeof node.additionalProperties === 'object')
        visit(node.additionalProperties, `${path}.*`);
      if (node.items) visit(node.items, `${path}[]`);
    };
    visit(schema, '(root)');
    expect(open).toEqual([]);
  });

  it('the reference has a row for every field and lists every issue code', () => {
    const reference = renderManifestReference();
    const fields = new Set<string>();
    const collect = (schema: z.ZodType) => {
      if (schema instanceof z.ZodOptional) return collect(schema.unwrap() as z.ZodType);
      if (schema instanceof z.ZodRecord) return collect(schema.valueType as z.ZodType);
      if (schema instanceof z.ZodArray) return collect(schema.element as z.ZodType);
      if (!(schema instanceof z.ZodObject)) return;
      for (const [key, child] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
        fields.add(key);
        collect(child);
      }
    };
    collect(manifestSchema);
    const rows = reference.split('\n').filter((line) => line.startsWith('| `'));
    for (const field of fields) {
      expect(rows.some((row) => row.startsWith(`| \`${field}\` `))).toBe(true);
    }
    for (const code of MANIFEST_ISSUE_CODES) {
      expect(rows.some((row) => row.startsWith(`| \`${code}\` `))).toBe(true);
    }
  });
});
