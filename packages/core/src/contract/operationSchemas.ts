import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { printJsonLikePrettier } from '../manifest/prettierJson';
import { isConnectorPlugin } from './defineConnector';

export const SCHEMAS_DIR = 'schemas';
/** Webhook event schemas live in `schemas/webhooks/<event>.json`. */
export const WEBHOOK_SCHEMAS_DIR = 'webhooks';
const SCHEMA_FILE = /^[a-z][a-z0-9_]*\.(input|output)\.json$/;
const WEBHOOK_SCHEMA_FILE = /^[a-z][a-z0-9_]*\.json$/;

/**
 * The committed form of a connector's zod schemas, keyed by path under schemas/:
 * `<op>.input.json` is the JSON Schema of what a caller may send (io "input": defaults make
 * fields optional), `<op>.output.json` of what the connector returns (io "output"), and
 * `webhooks/<event>.json` the payload of each webhook event (io "output"). The gate diffs these
 * files without running connector code.
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
  for (const event of Object.keys(plugin.webhookEvents ?? {}).sort()) {
    files[`${WEBHOOK_SCHEMAS_DIR}/${event}.json`] = printJsonLikePrettier(
      z.toJSONSchema(plugin.webhookEvents![event]!, { io: 'output' }),
    );
  }
  return files;
}

export interface WrittenSchemas {
  /** Paths written (every operation's two files, every webhook event's file). */
  written: string[];
  /** Schema files of operations or events that no longer exist, deleted. */
  removed: string[];
}

/**
 * Writes `schemas/<op>.input.json`, `.output.json` and `schemas/webhooks/<event>.json` into the
 * package folder and deletes the schema files of removed operations and events, so the folder
 * matches the code.
 */
export function writeOperationSchemas(packageDir: string, plugin: unknown): WrittenSchemas {
  const files = renderOperationSchemas(plugin);
  const dir = join(packageDir, SCHEMAS_DIR);
  mkdirSync(dir, { recursive: true });
  const removed: string[] = [];
  for (const file of committedSchemaFiles(packageDir)) {
    if (!(file in files)) {
      rmSync(join(dir, file));
      removed.push(join(dir, file));
    }
  }
  const written = Object.entries(files).map(([file, text]) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
    return join(dir, file);
  });
  return { written, removed };
}

/**
 * Names of committed schema files in a package folder, as renderOperationSchemas keys them
 * (none if schemas/ is absent).
 */
export function committedSchemaFiles(packageDir: string): string[] {
  const list = (dir: string, pattern: RegExp) => {
    try {
      return readdirSync(dir).filter((f) => pattern.test(f));
    } catch {
      return [];
    }
  };
  const dir = join(packageDir, SCHEMAS_DIR);
  return [
    ...list(dir, SCHEMA_FILE),
    ...list(join(dir, WEBHOOK_SCHEMAS_DIR), WEBHOOK_SCHEMA_FILE).map(
      (f) => `${WEBHOOK_SCHEMAS_DIR}/${f}`,
    ),
  ];
}
