import type { Change } from './change';
import { compareInputSchemas } from './schemaNarrowing';

/** The committed schema files of one side: file name (`<op>.input.json`) → text. */
export type SchemaFiles = ReadonlyMap<string, string>;

const SCHEMA_FILE = /^([a-z][a-z0-9_]*)\.(input|output)\.json$/;

/**
 * Compares the committed operation schemas (schemas/<op>.input.json and .output.json). Files
 * of operations added or removed in the manifest are left to those findings.
 */
export function compareSchemaFiles(
  base: SchemaFiles,
  head: SchemaFiles,
  baseOperations: ReadonlySet<string>,
  headOperations: ReadonlySet<string>,
): Change[] {
  const changes: Change[] = [];
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  for (const name of names) {
    const match = SCHEMA_FILE.exec(name);
    if (!match) continue;
    const [, op, direction] = match as unknown as [string, string, 'input' | 'output'];
    const before = base.get(name);
    const after = head.get(name);
    if (before === after || !baseOperations.has(op) || !headOperations.has(op)) continue;
    const path = `operations.${op}.${direction}`;
    const rule = direction === 'input' ? 'input_schema_changed' : 'output_schema_changed';
    if (before === undefined || after === undefined) {
      changes.push({
        path,
        rule,
        message: `schemas/${name} ${before === undefined ? 'added' : 'removed'}`,
      });
      continue;
    }
    const parsedBefore = parseJson(before);
    const parsedAfter = parseJson(after);
    if (parsedBefore === undefined || parsedAfter === undefined) {
      changes.push({ path, rule, message: `schemas/${name} is not valid JSON on one side` });
      continue;
    }
    if (direction === 'output') {
      changes.push({ path, rule, message: `schemas/${name} changed` });
      continue;
    }
    const differences = compareInputSchemas(parsedBefore.value, parsedAfter.value);
    for (const d of differences.filter((x) => x.kind === 'narrowed')) {
      changes.push({
        path: d.at === '' ? path : `${path}.${d.at}`,
        rule: 'input_schema_narrowed',
        message: `schemas/${name} narrowed: ${d.detail}`,
      });
    }
    const other = differences.filter((x) => x.kind === 'changed');
    // Same data in another layout is left to files_changed.
    if (other.length > 0) {
      const detail = other.map((d) => d.detail).join('; ');
      changes.push({ path, rule, message: `schemas/${name} changed: ${detail}` });
    }
  }
  return changes;
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
