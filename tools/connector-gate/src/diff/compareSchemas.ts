import type { Change } from './change';
import { compareInputSchemas } from './schemaNarrowing';

/** The committed schema files of one side: file name (`<op>.input.json`) → text. */
export type SchemaFiles = ReadonlyMap<string, string>;

const SCHEMA_FILE = /^([a-z][a-z0-9_]*)\.(input|output)\.json$/;
const WEBHOOK_FILE = /^webhooks\/([a-z][a-z0-9_]*)\.json$/;

/**
 * Compares the committed operation schemas (schemas/<op>.input.json and .output.json). Files
 * of operations added or removed in the manifest are left to those findings.
 */
export function compareSchemaFiles(
  base: SchemaFiles,
  head: SchemaFiles,
  baseOperations: ReadonlySet<string>,
  headOperations: ReadonlySet<string>,
  baseEvents: ReadonlySet<string> = new Set(),
  headEvents: ReadonlySet<string> = new Set(),
): Change[] {
  const changes: Change[] = [];
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  for (const name of names) {
    const webhook = WEBHOOK_FILE.exec(name);
    if (webhook) {
      const event = webhook[1]!;
      if (baseEvents.has(event) && headEvents.has(event)) {
        changes.push(...compareWebhookSchema(name, event, base.get(name), head.get(name)));
      }
      continue;
    }
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

/**
 * A webhook event's schema: any change needs a changeset; a field that lost its personal mark is
 * a governance relaxation (its value would reach audit records of a confidential connector).
 */
function compareWebhookSchema(
  name: string,
  event: string,
  before: string | undefined,
  after: string | undefined,
): Change[] {
  if (before === after) return [];
  const path = `webhook_events.${event}`;
  if (before === undefined || after === undefined) {
    return [
      {
        path,
        rule: 'webhook_schema_changed',
        message: `schemas/${name} ${before === undefined ? 'added' : 'removed'}`,
      },
    ];
  }
  const parsedBefore = parseJson(before);
  const parsedAfter = parseJson(after);
  if (parsedBefore === undefined || parsedAfter === undefined) {
    return [
      {
        path,
        rule: 'webhook_schema_changed',
        message: `schemas/${name} is not valid JSON on one side`,
      },
    ];
  }
  const kept = new Set(personalPaths(parsedAfter.value));
  const unmarked = personalPaths(parsedBefore.value).filter((p) => !kept.has(p));
  return [
    ...unmarked.map((p) => ({
      path: `${path}.${p}`,
      rule: 'webhook_personal_unmarked' as const,
      message: `schemas/${name}: "${p}" is no longer marked personal`,
    })),
    { path, rule: 'webhook_schema_changed', message: `schemas/${name} changed` },
  ];
}

/** Property paths a JSON Schema marks `personal: true` (through properties, items and unions). */
function personalPaths(schema: unknown, at = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const found: string[] = node.personal === true ? [at || '(root)'] : [];
  const properties = node.properties;
  if (typeof properties === 'object' && properties !== null) {
    for (const [key, child] of Object.entries(properties)) {
      found.push(...personalPaths(child, at ? `${at}.${key}` : key));
    }
  }
  for (const key of ['items', 'additionalProperties'])
    found.push(...personalPaths(node[key], `${at}[]`));
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const options = node[key];
    if (Array.isArray(options)) for (const o of options) found.push(...personalPaths(o, at));
  }
  return [...new Set(found)];
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
