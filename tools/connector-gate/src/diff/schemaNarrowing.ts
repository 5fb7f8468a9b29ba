import { canonicalJson } from '@dealix/connector-core';
import { sameJson } from './change';

/** One difference between two JSON Schemas of an operation input. */
export interface SchemaDifference {
  /** Where in the data: `amount`, `customer.email`, `lines[]`, `*` (additional properties). */
  at: string;
  /** `narrowed`: some input accepted before is rejected now (breaking); `changed`: anything else. */
  kind: 'narrowed' | 'changed';
  detail: string;
}

type Node = Record<string, unknown>;

// Keywords that describe but do not constrain.
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  '$comment',
  '$schema',
  '$id',
]);
// Lower bounds: raising or adding one narrows. Upper bounds: lowering or adding one narrows.
const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
// Adding one narrows; changing one is a difference the gate cannot order.
const ADDED_NARROWS = ['pattern', 'format', 'multipleOf'];
const HANDLED = new Set([
  ...ANNOTATIONS,
  ...LOWER,
  ...UPPER,
  ...ADDED_NARROWS,
  'type',
  'enum',
  'const',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'anyOf',
  'oneOf',
]);

const same = (a: unknown, b: unknown) => sameJson(a ?? null, b ?? null);
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const join = (at: string, key: string) => (at === '' ? key : `${at}.${key}`);
const where = (at: string) => (at === '' ? 'the input' : at);

/**
 * The small rule set for input schemas: a newly required property, a narrower type (string →
 * enum/const, number → integer), removed enum values, a raised minimum or lowered maximum (and
 * their length/items forms), a new pattern or format, additionalProperties becoming false, or
 * a removed property that additionalProperties: false now rejects are narrowing. Widening and
 * anything not covered here is `changed`, which needs a changeset but does not break.
 */
export function compareInputSchemas(before: unknown, after: unknown): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  compareNode(before, after, '', out);
  return out;
}

function compareNode(before: unknown, after: unknown, at: string, out: SchemaDifference[]): void {
  if (same(before, after)) return;
  const narrowed = (detail: string) =>
    out.push({ at, kind: 'narrowed', detail: `${where(at)}: ${detail}` });
  const changed = (detail: string) =>
    out.push({ at, kind: 'changed', detail: `${where(at)}: ${detail}` });
  if (!isNode(before) || !isNode(after)) {
    if (after === false || (before === true && isNode(after) && Object.keys(after).length > 0)) {
      narrowed('now accepts less');
    } else changed('schema changed');
    return;
  }
  compareTypes(before.type, after.type, narrowed, changed);
  compareValues(allowedValues(before), allowedValues(after), narrowed, changed);
  const required = new Set(stringList(before.required));
  const newlyRequired = stringList(after.required).filter((name) => !required.has(name));
  if (newlyRequired.length > 0) narrowed(`now requires ${newlyRequired.join(', ')}`);
  const stillRequired = new Set(stringList(after.required));
  const released = [...required].filter((name) => !stillRequired.has(name));
  if (released.length > 0) changed(`no longer requires ${released.join(', ')}`);
  for (const key of LOWER) compareBound(key, before[key], after[key], 1, narrowed, changed);
  for (const key of UPPER) compareBound(key, before[key], after[key], -1, narrowed, changed);
  for (const key of ADDED_NARROWS) {
    if (before[key] === undefined && after[key] !== undefined)
      narrowed(`adds ${key} ${JSON.stringify(after[key])}`);
    else if (!same(before[key], after[key])) changed(`${key} changed`);
  }
  compareProperties(before, after, at, out, narrowed, changed);
  compareNested(before.items, after.items, `${at}[]`, out);
  compareOptions(before, after, narrowed, changed);
  const other = new Set(
    [...Object.keys(before), ...Object.keys(after)].filter((k) => !HANDLED.has(k)),
  );
  for (const key of other) if (!same(before[key], after[key])) changed(`${key} changed`);
}

type Report = (detail: string) => void;

function typeList(type: unknown): string[] | undefined {
  if (type === undefined) return undefined;
  return Array.isArray(type) ? type.map(String) : [String(type)];
}

function compareTypes(before: unknown, after: unknown, narrowed: Report, changed: Report): void {
  if (same(before, after)) return;
  const b = typeList(before);
  const a = typeList(after);
  if (a === undefined) return changed(`type no longer constrained (was ${b!.join(' | ')})`);
  if (b === undefined) return narrowed(`type now constrained to ${a.join(' | ')}`);
  const lost = b.filter((t) => !a.includes(t) && !(t === 'integer' && a.includes('number')));
  if (lost.length > 0) narrowed(`type ${b.join(' | ')} → ${a.join(' | ')}`);
  else changed(`type widened to ${a.join(' | ')}`);
}

function allowedValues(node: Node): unknown[] | undefined {
  if (node.const !== undefined) return [node.const];
  return Array.isArray(node.enum) ? node.enum : undefined;
}

function compareValues(
  before: unknown[] | undefined,
  after: unknown[] | undefined,
  narrowed: Report,
  changed: Report,
): void {
  if (same(before, after)) return;
  if (after === undefined) return changed('no longer limited to listed values');
  const list = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');
  if (before === undefined) return narrowed(`now limited to ${list(after)}`);
  const kept = new Set(after.map((v) => canonicalJson(v)));
  const removed = before.filter((v) => !kept.has(canonicalJson(v)));
  if (removed.length > 0) narrowed(`values removed: ${list(removed)}`);
  else changed(`values added`);
}

function compareBound(
  key: string,
  before: unknown,
  after: unknown,
  direction: 1 | -1,
  narrowed: Report,
  changed: Report,
): void {
  if (before === after) return;
  if (typeof after !== 'number') return changed(`${key} removed`);
  if (typeof before !== 'number') return narrowed(`adds ${key} ${after}`);
  if ((after - before) * direction > 0) narrowed(`${key} ${before} → ${after}`);
  else changed(`${key} ${before} → ${after}`);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function compareProperties(
  before: Node,
  after: Node,
  at: string,
  out: SchemaDifference[],
  narrowed: Report,
  changed: Report,
): void {
  const b = isNode(before.properties) ? before.properties : {};
  const a = isNode(after.properties) ? after.properties : {};
  const closedNow = after.additionalProperties === false;
  for (const key of Object.keys(b)) {
    if (Object.hasOwn(a, key)) compareNode(b[key], a[key], join(at, key), out);
    else if (closedNow) narrowed(`property ${key} removed and additional properties are rejected`);
    else changed(`property ${key} removed (still accepted as an additional property)`);
  }
  const added = Object.keys(a).filter((key) => !Object.hasOwn(b, key));
  if (added.length > 0) changed(`properties added: ${added.join(', ')}`);
  const wasClosed = before.additionalProperties === false;
  if (closedNow && !wasClosed) narrowed('additional properties are now rejected');
  else if (wasClosed && !closedNow) changed('additional properties are now accepted');
  else if (!closedNow && !wasClosed)
    compareNested(before.additionalProperties, after.additionalProperties, join(at, '*'), out);
}

function compareNested(before: unknown, after: unknown, at: string, out: SchemaDifference[]): void {
  if (same(before, after)) return;
  const empty = (value: unknown) => isNode(value) && Object.keys(value).length === 0;
  const free = (value: unknown) => value === undefined || value === true || empty(value);
  if (free(after)) out.push({ at, kind: 'changed', detail: `${at}: no longer constrained` });
  else if (free(before)) out.push({ at, kind: 'narrowed', detail: `${at}: now constrained` });
  else compareNode(before, after, at, out);
}

function compareOptions(before: Node, after: Node, narrowed: Report, changed: Report): void {
  for (const key of ['anyOf', 'oneOf']) {
    if (same(before[key], after[key])) continue;
    const b = Array.isArray(before[key]) ? (before[key] as unknown[]) : undefined;
    const a = Array.isArray(after[key]) ? (after[key] as unknown[]) : undefined;
    if (b === undefined || a === undefined) {
      changed(`${key} changed`);
      continue;
    }
    const kept = new Set(a.map((o) => canonicalJson(o)));
    const removed = b.filter((o) => !kept.has(canonicalJson(o)));
    const beforeSet = new Set(b.map((o) => canonicalJson(o)));
    const added = a.filter((o) => !beforeSet.has(canonicalJson(o)));
    if (removed.length > 0 && added.length === 0)
      narrowed(`${key} lost ${removed.length} option(s)`);
    else changed(`${key} changed`);
  }
}
