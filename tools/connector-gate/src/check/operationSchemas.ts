import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, isConnectorPlugin, z } from '@dealix/connector-core';
import type { Finding } from '../findings/finding';
import type { ConnectorSide } from '../repo/connectorSide';
import { readTextOrUndefined } from '../repo/headSide';
import { checkFinding } from './checkFinding';
import { subjectOf } from './repoRules';

interface LoadedOperation {
  input: z.ZodType;
  output: z.ZodType;
}

/**
 * The committed schemas/<op>.input.json and .output.json must be what the built plugin renders
 * (zod's toJSONSchema, input mode for inputs, output mode for outputs). Compared as JSON data,
 * so Prettier's layout of the committed file does not matter. Needs the package built: check
 * runs after `npm run build`, and says "not built" otherwise.
 */
export function operationSchemaFindings(rootDir: string, side: ConnectorSide): Finding[] {
  if (!side.validation?.ok || side.main === undefined) return [];
  const subject = subjectOf(side);
  const entry = join(rootDir, side.dir, side.main);
  if (!existsSync(entry)) {
    return [
      checkFinding(
        subject,
        'not_built',
        `${side.dir}/${side.main} does not exist: build the package (npm run build) before connector-gate check`,
      ),
    ];
  }
  let operations: Record<string, LoadedOperation>;
  try {
    operations = loadOperations(entry);
  } catch (error) {
    return [
      checkFinding(
        subject,
        'plugin_load_failed',
        `${side.dir}/${side.main}: ${(error as Error).message}`,
      ),
    ];
  }
  const findings: Finding[] = [];
  const stale = (message: string, op?: string) =>
    findings.push(
      checkFinding(
        subject,
        'operation_schema_stale',
        message,
        op ? { path: `operations.${op}` } : {},
      ),
    );
  const schemasDir = `${side.dir}/schemas`;
  const expected = new Set<string>();
  for (const [op, definition] of Object.entries(operations)) {
    for (const io of ['input', 'output'] as const) {
      const file = `${op}.${io}.json`;
      expected.add(file);
      const committed = readTextOrUndefined(join(rootDir, schemasDir, file));
      if (committed === undefined) {
        stale(`${schemasDir}/${file} is missing: regenerate the operation schemas`, op);
        continue;
      }
      let rendered: string;
      try {
        rendered = canonicalJson(z.toJSONSchema(definition[io], { io }));
      } catch (error) {
        stale(
          `${schemasDir}/${file}: the ${io} schema cannot be rendered as JSON Schema (${(error as Error).message})`,
          op,
        );
        continue;
      }
      if (!sameJsonText(committed, rendered))
        stale(
          `${schemasDir}/${file} differs from what the built plugin renders: regenerate it`,
          op,
        );
    }
  }
  for (const file of listJson(join(rootDir, schemasDir))) {
    if (!expected.has(file))
      stale(`${schemasDir}/${file} belongs to no operation of the plugin: delete it`);
  }
  return findings;
}

function loadOperations(entry: string): Record<string, LoadedOperation> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built plugin, loaded by path at run time
  const exported = require(entry) as { connector?: unknown };
  if (!isConnectorPlugin(exported.connector)) {
    throw new Error('the entry does not export `connector` made by defineConnector()');
  }
  const operations = exported.connector.operations as Record<string, Partial<LoadedOperation>>;
  for (const [name, op] of Object.entries(operations)) {
    if (!(op.input instanceof z.ZodType) || !(op.output instanceof z.ZodType)) {
      throw new Error(`operation "${name}" has no zod input and output schemas`);
    }
  }
  return operations as Record<string, LoadedOperation>;
}

function sameJsonText(committed: string, renderedCanonical: string): boolean {
  try {
    return canonicalJson(JSON.parse(committed)) === renderedCanonical;
  } catch {
    return false;
  }
}

function listJson(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
}
