import type { IssuePathSegment, LocatedIssueDetail } from './manifestIssues';
import { INPUT_LIMITS } from './manifestLimits';

export interface JsonSnapshot {
  /** A plain-data copy of the input, bounded by INPUT_LIMITS. */
  value: unknown;
  issues: LocatedIssueDetail[];
  /** The input is not JSON data or is too large: the schema is not run on the copy. */
  fatal: boolean;
}

interface WalkState {
  values: number;
  stopped: boolean;
  ancestors: object[];
  issues: LocatedIssueDetail[];
  fatal: boolean;
}

/**
 * Copies whatever the caller passed into plain JSON data before zod sees it, so validation
 * never runs caller code twice, never follows a cycle and never walks more than a bounded
 * number of values. Getters and proxy traps run once here, inside try/catch.
 */
export function snapshotJson(input: unknown): JsonSnapshot {
  const state: WalkState = { values: 0, stopped: false, ancestors: [], issues: [], fatal: false };
  const value = copyValue(input, [], state);
  return { value, issues: state.issues, fatal: state.fatal };
}

function fail(state: WalkState, path: readonly IssuePathSegment[], found: string): null {
  state.issues.push({ path, detail: { code: 'not_json_data', found } });
  state.fatal = true;
  return null;
}

function copyValue(value: unknown, path: IssuePathSegment[], state: WalkState): unknown {
  if (state.stopped) return null;
  if (++state.values > INPUT_LIMITS.values) {
    state.stopped = true;
    state.fatal = true;
    state.issues.push({
      path: [],
      detail: { code: 'too_large', limit: INPUT_LIMITS.values, unit: 'values' },
    });
    return null;
  }
  switch (typeof value) {
    case 'string':
      return value.length > INPUT_LIMITS.stringChars
        ? value.slice(0, INPUT_LIMITS.stringChars)
        : value;
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : fail(state, path, String(value));
    case 'undefined':
      return fail(state, path, 'undefined');
    case 'bigint':
      return fail(state, path, 'a bigint');
    case 'symbol':
      return fail(state, path, 'a symbol');
    case 'function':
      return fail(state, path, 'a function');
  }
  if (value === null) return null;
  const object = value as object;
  if (state.ancestors.includes(object)) return fail(state, path, 'a cyclic reference');
  try {
    const kind = containerKind(object);
    if (kind === undefined) return fail(state, path, describeObject(object));
    // The schema never looks this deep, so the content cannot change the outcome.
    if (path.length >= INPUT_LIMITS.depth) return kind === 'array' ? [] : {};
    state.ancestors.push(object);
    try {
      return kind === 'array'
        ? copyArray(object as readonly unknown[], path, state)
        : copyObject(object as Record<string, unknown>, path, state);
    } finally {
      state.ancestors.pop();
    }
  } catch (error) {
    return fail(state, path, `an object that cannot be read (${describeError(error)})`);
  }
}

function copyArray(array: readonly unknown[], path: IssuePathSegment[], state: WalkState) {
  // Cut just past every array limit of the schema, which then reports the excess itself.
  const length = Math.min(array.length, INPUT_LIMITS.items + 1);
  const out: unknown[] = [];
  for (let i = 0; i < length && !state.stopped; i++) {
    if (!(i in array)) return fail(state, [...path, i], 'an empty array slot');
    out.push(copyValue(array[i], [...path, i], state));
  }
  return out;
}

function copyObject(object: Record<string, unknown>, path: IssuePathSegment[], state: WalkState) {
  const keys = Object.keys(object);
  if (keys.length > INPUT_LIMITS.fields) {
    state.fatal = true;
    state.issues.push({
      path,
      detail: { code: 'too_large', limit: INPUT_LIMITS.fields, unit: 'fields' },
    });
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (state.stopped) break;
    // Assigning "__proto__" would replace the copy's prototype; no manifest field has the name.
    if (key === '__proto__') {
      state.issues.push({
        path: [...path, key],
        detail: { code: 'unknown_field', field: key, allowed: [] },
      });
      continue;
    }
    const item = object[key];
    // As in JSON.stringify, a field set to undefined is a field left out.
    if (item !== undefined) out[key] = copyValue(item, [...path, key], state);
  }
  return out;
}

/** Plain objects and arrays from any realm; class instances, Dates, Maps... are not JSON. */
function containerKind(object: object): 'array' | 'object' | undefined {
  const depth = prototypeDepth(object);
  if (Array.isArray(object)) return depth === 2 ? 'array' : undefined;
  const tag = Object.prototype.toString.call(object);
  return depth <= 1 && tag === '[object Object]' ? 'object' : undefined;
}

function prototypeDepth(object: object): number {
  let depth = 0;
  for (let p = Object.getPrototypeOf(object); p !== null && depth < 4; depth++) {
    p = Object.getPrototypeOf(p);
  }
  return depth;
}

function describeObject(object: object): string {
  const ctor = (object as { constructor?: { name?: unknown } }).constructor;
  const name = typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'Object';
  return `an instance of ${name.slice(0, 40)}`;
}

/** Never throws, whatever was thrown. */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 120);
    return String(error).slice(0, 120);
  } catch {
    return 'an unprintable error';
  }
}
