import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, isConnectorPlugin, pluginDisagreements, z } from '@dealix/connector-core';
import type { Finding } from '../findings/finding';
import type { ConnectorSide } from '../repo/connectorSide';
import { readTextOrUndefined } from '../repo/headSide';
import { checkFinding } from './checkFinding';
import { subjectOf } from './repoRules';

interface LoadedOperation {
  input: z.ZodType;
  output: z.ZodType;
}

interface LoadedPlugin {
  /** The exported plugin as it is, for core's code/manifest agreement check. */
  exported: unknown;
  operations: Record<string, LoadedOperation>;
  webhookEvents: Record<string, z.ZodType>;
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
  let plugin: LoadedPlugin;
  try {
    plugin = loadPlugin(entry);
  } catch (error) {
    return [
      checkFinding(
        subject,
        'plugin_load_failed',
        `${side.dir}/${side.main}: ${(error as Error).message}`,
      ),
    ];
  }
  const manifest = side.validation.manifest;
  // The loader refuses a plugin whose code and manifest disagree: so does check, with core's
  // own comparison, before any schema file is asked for.
  const findings: Finding[] = pluginDisagreements(plugin.exported, manifest).map(
    ({ path, message }) =>
      checkFinding(subject, 'code_manifest_mismatch', `code and manifest disagree: ${message}`, {
        path,
      }),
  );
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
  for (const [op, definition] of Object.entries(plugin.operations)) {
    // An operation the manifest lacks is the mismatch above, not a schema to regenerate.
    if (!Object.hasOwn(manifest.operations, op)) continue;
    for (const io of ['input', 'output'] as const) {
      const file = `${op}.${io}.json`;
      expected.add(file);
      const committed = readTextOrUndefined(join(rootDir, schemasDir, file));
      if (committed === undefined) {
        stale(`${schemasDir}/${file} is missing: regenerate the operation schemas`, op);
        continue;
      }
      let rendered: Rendered;
      try {
        rendered = render(z.toJSONSchema(definition[io], { io }));
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
    // The file of an operation only one side declares is the mismatch above.
    const op = /^(.+)\.(?:input|output)\.json$/.exec(file)?.[1];
    if (
      op !== undefined &&
      Object.hasOwn(plugin.operations, op) !== Object.hasOwn(manifest.operations, op)
    )
      continue;
    if (!expected.has(file))
      stale(`${schemasDir}/${file} belongs to no operation of the plugin: delete it`);
  }
  findings.push(...webhookSchemaFindings(rootDir, side, plugin.webhookEvents));
  return findings;
}

/**
 * Every manifest webhook_events entry needs a schema in the plugin (`webhookEvents`), committed
 * as schemas/webhooks/<event>.json exactly as the built plugin renders it; nothing else may sit
 * in schemas/webhooks/.
 */
function webhookSchemaFindings(
  rootDir: string,
  side: ConnectorSide,
  schemas: Record<string, z.ZodType>,
): Finding[] {
  const subject = subjectOf(side);
  const dir = `${side.dir}/schemas/webhooks`;
  const findings: Finding[] = [];
  const stale = (message: string) =>
    findings.push(
      checkFinding(subject, 'webhook_schema_stale', message, { path: 'webhook_events' }),
    );
  const declared = side.validation?.ok ? (side.validation.manifest.webhook_events ?? []) : [];
  for (const event of declared) {
    const schema = schemas[event];
    if (schema === undefined) {
      stale(
        `webhook event "${event}" has no schema: describe its payload in defineConnector({ webhookEvents }) and regenerate the schemas`,
      );
      continue;
    }
    const committed = readTextOrUndefined(join(rootDir, dir, `${event}.json`));
    if (committed === undefined) {
      stale(`${dir}/${event}.json is missing: regenerate the schemas`);
      continue;
    }
    let rendered: Rendered;
    try {
      rendered = render(z.toJSONSchema(schema, { io: 'output' }));
    } catch (error) {
      stale(
        `${dir}/${event}.json: the schema cannot be rendered as JSON Schema (${(error as Error).message})`,
      );
      continue;
    }
    if (!sameJsonText(committed, rendered)) {
      stale(`${dir}/${event}.json differs from what the built plugin renders: regenerate it`);
    }
  }
  for (const file of listJson(join(rootDir, dir))) {
    if (!declared.includes(file.replace(/\.json$/, ''))) {
      stale(`${dir}/${file} belongs to no webhook event of the manifest: delete it`);
    }
  }
  return findings;
}

function loadPlugin(entry: string): LoadedPlugin {
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
  const webhookEvents = (exported.connector.webhookEvents ?? {}) as Record<string, unknown>;
  for (const [event, schema] of Object.entries(webhookEvents)) {
    if (!(schema instanceof z.ZodType))
      throw new Error(`webhook event "${event}" has no zod schema`);
  }
  return {
    exported: exported.connector,
    operations: operations as Record<string, LoadedOperation>,
    webhookEvents: webhookEvents as Record<string, z.ZodType>,
  };
}

/** A rendered schema: its JSON text, and its canonical form once a comparison needed it. */
interface Rendered {
  text: string;
  canonical: () => string;
}

function render(schema: unknown): Rendered {
  const text = JSON.stringify(schema);
  let canonical: string | undefined;
  return { text, canonical: () => (canonical ??= canonicalJson(JSON.parse(text))) };
}

/**
 * Whether the committed file holds the same JSON data. Files written from the same rendering
 * keep its key order, so one native stringify of each decides; otherwise (keys reordered by
 * hand) the canonical forms are compared.
 */
function sameJsonText(committed: string, rendered: Rendered): boolean {
  try {
    const data: unknown = JSON.parse(committed);
    return JSON.stringify(data) === rendered.text || canonicalJson(data) === rendered.canonical();
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
