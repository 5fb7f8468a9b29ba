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
    const tooDeep = uncompared(name, path, parsedBefore, parsedAfter);
    if (tooDeep) {
      changes.push(tooDeep);
      continue;
    }
    changes.push(...markChanges(name, path, 'personal_unmarked', parsedBefore, parsedAfter));
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
  const tooDeep = uncompared(name, path, parsedBefore, parsedAfter);
  if (tooDeep) return [tooDeep];
  return [
    ...markChanges(name, path, 'webhook_personal_unmarked', parsedBefore, parsedAfter),
    { path, rule: 'webhook_schema_changed', message: `schemas/${name} changed` },
  ];
}

/**
 * The redaction marks a schema change loosened, each a governance relaxation: a field that lost
 * its personal or secret mark (`unmarkedRule`), and a field newly marked safe.
 */
function markChanges(
  name: string,
  path: string,
  unmarkedRule: 'personal_unmarked' | 'webhook_personal_unmarked',
  before: { value: unknown },
  after: { value: unknown },
): Change[] {
  const marksBefore = schemaMarks(before.value);
  const marksAfter = schemaMarks(after.value);
  const unmarked = [...marksBefore.protecting].filter((p) => !marksAfter.protecting.has(p));
  const madeSafe = [...marksAfter.safe].filter((p) => !marksBefore.safe.has(p));
  return [
    ...unmarked.map((p) => ({
      path: `${path}.${p}`,
      rule: unmarkedRule,
      message: `schemas/${name}: "${p}" is no longer marked ${unmarkedRule === 'personal_unmarked' ? 'personal or secret' : 'personal'}`,
    })),
    ...madeSafe.map((p) => ({
      path: `${path}.${p}`,
      rule: 'safe_marked' as const,
      message: `schemas/${name}: "${p}" is newly marked safe (kept through restricted redaction)`,
    })),
  ];
}

/**
 * How deep the gate compares a committed schema. The comparisons recurse; a schema rendered from
 * zod is a few levels deep, so anything past this was written to be hard to read.
 */
export const MAX_COMPARED_DEPTH = 64;

/** A schema_uncompared change when either side nests past MAX_COMPARED_DEPTH. */
function uncompared(
  name: string,
  path: string,
  before: { value: unknown },
  after: { value: unknown },
): Change | undefined {
  const depth = Math.max(nestingDepth(before.value), nestingDepth(after.value));
  if (depth <= MAX_COMPARED_DEPTH) return undefined;
  return {
    path,
    rule: 'schema_uncompared',
    message: `schemas/${name} nests more than ${MAX_COMPARED_DEPTH} levels (past what the gate compares): review it by hand`,
  };
}

/** JSON nesting depth, counted without recursion; stops once past MAX_COMPARED_DEPTH. */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_COMPARED_DEPTH) return deepest;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * The property paths a JSON Schema marks, through properties, items and unions: those marked
 * `personal` or `secret` (redaction hides their value) and those marked `safe`, sorted. One
 * walk, iterative, so a deeply nested committed schema cannot overflow the stack.
 */
function schemaMarks(schema: unknown): { protecting: Set<string>; safe: Set<string> } {
  const protecting = new Set<string>();
  const safe = new Set<string>();
  const pending: Array<[unknown, string]> = [[schema, '']];
  while (pending.length > 0) {
    const [current, at] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    const node = current as Record<string, unknown>;
    if (node.personal === true || node.secret === true) protecting.add(at || '(root)');
    if (node.safe === true) safe.add(at || '(root)');
    const properties = node.properties;
    if (typeof properties === 'object' && properties !== null) {
      for (const [key, child] of Object.entries(properties))
        pending.push([child, at ? `${at}.${key}` : key]);
    }
    for (const key of ['items', 'additionalProperties']) pending.push([node[key], `${at}[]`]);
    for (const key of ['anyOf', 'oneOf', 'allOf']) {
      const options = node[key];
      if (Array.isArray(options)) for (const o of options) pending.push([o, at]);
    }
  }
  return { protecting: sorted(protecting), safe: sorted(safe) };
}

const sorted = (paths: Set<string>) => new Set([...paths].sort());

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
