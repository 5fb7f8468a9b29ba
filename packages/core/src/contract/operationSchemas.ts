import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { printJsonLikePrettier } from '../manifest/prettierJson';
import { isConnectorPlugin } from './defineConnector';

export const SCHEMAS_DIR = 'schemas';
const SCHEMA_FILE = /^[a-z][a-z0-9_]*\.(input|output)\.json$/;

/**
 * The committed form of each operation's zod schemas, keyed by file name under schemas/:
 * `<op>.input.json` is the JSON Schema of what a caller may send (io "input": defaults make
 * fields optional), `<op>.output.json` of what the connector returns (io "output"). The gate
 * diffs these files without running connector code.
 */
export function renderOperationSchemas(plugin: unknown): Record<string, string> {
  if (!isConnectorPlugin(plugin)) {
    throw new TypeError('renderOperationSchemas() needs the `connector` made by defineConnector()');
  }
  const files: Record<string, string> = {};
  for (const name of Object.keys(plugin.operations).sort()) {
    const op = plugin.operations[name]!;
    files[`${name}.input.json`] = printJsonLikePrettier(z.toJSONSchema(op.input, { io: 'input' }));
    files[`${name}.output.json`] = printJsonLikePrettier(
      z.toJSONSchema(op.output, { io: 'output' }),
    );
  }
  return files;
}

export interface WrittenSchemas {
  /** Paths written (every operation's two files). */
  written: string[];
  /** Schema files of operations that no longer exist, deleted. */
  removed: string[];
}

/**
 * Writes `schemas/<op>.input.json` and `.output.json` for every operation into the package
 * folder and deletes the schema files of removed operations, so the folder matches the code.
 */
export function writeOperationSchemas(packageDir: string, plugin: unknown): WrittenSchemas {
  const files = renderOperationSchemas(plugin);
  const dir = join(packageDir, SCHEMAS_DIR);
  mkdirSync(dir, { recursive: true });
  const removed: string[] = [];
  for (const file of readdirSync(dir)) {
    if (SCHEMA_FILE.test(file) && !(file in files)) {
      rmSync(join(dir, file));
      removed.push(join(dir, file));
    }
  }
  const written = Object.entries(files).map(([file, text]) => {
    writeFileSync(join(dir, file), text);
    return join(dir, file);
  });
  return { written, removed };
}

/** Names of committed operation schema files in a package folder (none if schemas/ is absent). */
export function committedSchemaFiles(packageDir: string): string[] {
  try {
    return readdirSync(join(packageDir, SCHEMAS_DIR)).filter((f) => SCHEMA_FILE.test(f));
  } catch {
    return [];
  }
}
