import type { z } from 'zod';
import { fieldMarks, type FieldMarks } from '../contract/fieldMarks';

/** Caps the schemas looked at for one value, so a lazy or self-referencing schema cannot loop. */
const MAX_SCHEMAS_PER_POSITION = 128;

/** The slice of zod 4's internal `_zod.def` that the walk reads; every member may be absent. */
export interface LooseDef {
  type?: unknown;
  innerType?: unknown;
  in?: unknown;
  out?: unknown;
  options?: unknown;
  left?: unknown;
  right?: unknown;
  getter?: unknown;
  shape?: unknown;
  catchall?: unknown;
  element?: unknown;
  items?: unknown;
  rest?: unknown;
  valueType?: unknown;
}

/**
 * What the schema says about the value at one position of a payload: the field marks found on
 * any schema that may describe it, and the container schemas (objects, arrays, tuples,
 * records) to look up its children in. Several schemas may describe one position: the options
 * of a union, both sides of a pipe or an intersection.
 */
export interface SchemaPosition {
  readonly marks: FieldMarks;
  readonly containers: readonly LooseDef[];
}

export const UNDESCRIBED: SchemaPosition = { marks: {}, containers: [] };

/** A position's children, found once: a schema's positions do not change between calls. */
interface PositionChildren {
  byKey: Map<string, SchemaPosition>;
  /** Any key that no object container's shape names: they all share one position. */
  otherKey?: SchemaPosition;
  byIndex: Map<number, SchemaPosition>;
  /** Any index past every tuple's items: they all share one position. */
  otherIndex?: SchemaPosition;
}

interface InternNode {
  position?: SchemaPosition;
  next?: WeakMap<object, InternNode>;
}

const interned = new WeakMap<object, InternNode>();
const childrenOf = new WeakMap<SchemaPosition, PositionChildren>();

/**
 * describePosition, remembered per list of schemas: a payload's redaction walks its schema's
 * positions once per operation instead of once per call. Schemas are immutable once built (a
 * field mark makes a new schema), so a remembered position stays true; lists holding anything
 * but schema objects are described afresh.
 */
export function positionOf(schemas: readonly unknown[]): SchemaPosition {
  if (schemas.length === 0) return UNDESCRIBED;
  let node: InternNode | undefined;
  let level: WeakMap<object, InternNode> = interned;
  for (const schema of schemas) {
    if (typeof schema !== 'object' || schema === null) return describePosition(schemas);
    node = level.get(schema);
    if (node === undefined) level.set(schema, (node = {}));
    level = node.next ??= new WeakMap();
  }
  return (node!.position ??= describePosition(schemas));
}

/** The position of property `key` of an object at `position` (schemasForKey, remembered). */
export function childForKey(position: SchemaPosition, key: string): SchemaPosition {
  if (position.containers.length === 0) return UNDESCRIBED;
  const children = childrenFor(position);
  const known = children.byKey.get(key);
  if (known !== undefined) return known;
  if (!namedByShape(position, key)) {
    return (children.otherKey ??= positionOf(schemasForKey(position, key)));
  }
  const child = positionOf(schemasForKey(position, key));
  children.byKey.set(key, child);
  return child;
}

/** The position of item `index` of an array at `position` (schemasForIndex, remembered). */
export function childForIndex(position: SchemaPosition, index: number): SchemaPosition {
  if (position.containers.length === 0) return UNDESCRIBED;
  const children = childrenFor(position);
  const known = children.byIndex.get(index);
  if (known !== undefined) return known;
  if (!withinTupleItems(position, index)) {
    return (children.otherIndex ??= positionOf(schemasForIndex(position, index)));
  }
  const child = positionOf(schemasForIndex(position, index));
  children.byIndex.set(index, child);
  return child;
}

function childrenFor(position: SchemaPosition): PositionChildren {
  let children = childrenOf.get(position);
  if (children === undefined) {
    children = { byKey: new Map(), byIndex: new Map() };
    childrenOf.set(position, children);
  }
  return children;
}

function namedByShape(position: SchemaPosition, key: string): boolean {
  for (const def of position.containers) {
    const shape = def.type === 'object' ? (def.shape as object | undefined) : undefined;
    if (shape !== undefined && Object.prototype.hasOwnProperty.call(shape, key)) return true;
  }
  return false;
}

function withinTupleItems(position: SchemaPosition, index: number): boolean {
  for (const def of position.containers) {
    if (def.type === 'tuple' && Array.isArray(def.items) && index < def.items.length) return true;
  }
  return false;
}

/**
 * Looks through wrappers (optional, nullable, default, readonly, catch... anything with an
 * inner type), pipes, unions, intersections and lazy schemas, collecting marks on the way.
 */
export function describePosition(schemas: readonly unknown[]): SchemaPosition {
  const marks: FieldMarks = {};
  const containers: LooseDef[] = [];
  const seen = new Set<unknown>();
  const pending = [...schemas];
  while (pending.length > 0 && seen.size < MAX_SCHEMAS_PER_POSITION) {
    const schema = pending.pop();
    if (seen.has(schema)) continue;
    seen.add(schema);
    const def = defOf(schema);
    if (def === undefined) continue;
    const own = marksOf(schema);
    if (own.personal) marks.personal = true;
    if (own.secret) marks.secret = true;
    if (own.safe) marks.safe = true;

    if (def.innerType !== undefined) pending.push(def.innerType);
    else if (def.type === 'pipe') pending.push(def.in, def.out);
    else if (def.type === 'union' && Array.isArray(def.options)) pending.push(...def.options);
    else if (def.type === 'intersection') pending.push(def.left, def.right);
    else if (def.type === 'lazy' && typeof def.getter === 'function') {
      pending.push(callGetter(def.getter));
    } else containers.push(def);
  }
  return { marks, containers };
}

/** The schemas that may describe property `key` of an object at this position. */
export function schemasForKey(position: SchemaPosition, key: string): unknown[] {
  const found: unknown[] = [];
  for (const def of position.containers) {
    if (def.type === 'object') {
      const shape = def.shape as Record<string, unknown> | undefined;
      if (shape !== undefined && Object.prototype.hasOwnProperty.call(shape, key)) {
        found.push(shape[key]);
      } else if (def.catchall !== undefined) found.push(def.catchall);
    } else if (def.type === 'record') found.push(def.valueType);
  }
  return found;
}

/** The schemas that may describe item `index` of an array at this position. */
export function schemasForIndex(position: SchemaPosition, index: number): unknown[] {
  const found: unknown[] = [];
  for (const def of position.containers) {
    if (def.type === 'array') found.push(def.element);
    else if (def.type === 'tuple') {
      const items = Array.isArray(def.items) ? (def.items as unknown[]) : [];
      found.push(index < items.length ? items[index] : def.rest);
    }
  }
  return found;
}

function defOf(schema: unknown): LooseDef | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const def = (schema as { _zod?: { def?: unknown } })._zod?.def;
  return typeof def === 'object' && def !== null ? (def as LooseDef) : undefined;
}

function marksOf(schema: unknown): FieldMarks {
  try {
    return fieldMarks(schema as z.ZodType);
  } catch {
    return {};
  }
}

function callGetter(getter: unknown): unknown {
  try {
    return (getter as () => unknown)();
  } catch {
    // A lazy schema that cannot be built describes nothing: its value is only secret-scrubbed.
    return undefined;
  }
}
