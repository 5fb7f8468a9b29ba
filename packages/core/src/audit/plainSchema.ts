import type { z } from 'zod';
import { fieldMarks } from '../contract/fieldMarks';
import { redactPayload, type RedactOptions } from './redaction';

/** Deeper schemas are not looked into (redaction truncates deep payloads; keep far from it). */
const MAX_DEPTH = 16;

const known = new WeakMap<object, boolean>();

/**
 * Whether every value `schema` parses to is plain JSON data with no marked field: objects
 * that strip or refuse unknown keys, arrays, tuples, strings, numbers (zod 4's number refuses
 * NaN and infinities), booleans, null, JSON literals and enums, and those optional, nullable
 * or readonly; no field marked personal, secret or safe anywhere. Anything that may hold
 * something else is not: transforms and pipes, defaults and catches (their values are not
 * parsed), records and catch-alls (any key, "__proto__" too), lazy, any and unknown, dates,
 * bigints, maps, sets, unions of anything not plain. Worked out once per schema.
 */
export function parsesToPlainData(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  let plain = known.get(schema);
  if (plain === undefined) {
    try {
      plain = plainAt(schema, 0);
    } catch {
      plain = false;
    }
    known.set(schema, plain);
  }
  return plain;
}

/**
 * redactPayload of a value that `options.schema` itself parsed (its output, nothing else).
 * When the schema parses only to plain unmarked data and there is no secret to remove, the
 * redacted form is the value itself: it is returned as is instead of copied (an audit store
 * copies what it keeps, in canonical form, as it appends). Otherwise redactPayload.
 */
export function redactParsed(
  value: unknown,
  options: RedactOptions & { schema: z.ZodType },
): unknown {
  const classification: unknown = options.classification;
  if (
    (classification === 'public' ||
      classification === 'internal' ||
      classification === 'confidential') &&
    options.secrets.length === 0 &&
    parsesToPlainData(options.schema)
  ) {
    return value ?? null;
  }
  return redactPayload(value, options);
}

interface Def {
  type?: unknown;
  innerType?: unknown;
  shape?: unknown;
  catchall?: unknown;
  element?: unknown;
  items?: unknown;
  rest?: unknown;
  options?: unknown;
  values?: unknown;
  entries?: unknown;
}

function plainAt(schema: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || typeof schema !== 'object' || schema === null) return false;
  const def = (schema as { _zod?: { def?: Def } })._zod?.def;
  if (def === undefined || def === null) return false;
  const marks = fieldMarks(schema as z.ZodType);
  if (marks.personal || marks.secret || marks.safe) return false;
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'template_literal':
      return true;
    case 'literal':
      return Array.isArray(def.values) && def.values.every(jsonPrimitive);
    case 'enum':
      return (
        typeof def.entries === 'object' &&
        def.entries !== null &&
        Object.values(def.entries).every(jsonPrimitive)
      );
    case 'optional':
    case 'nullable':
    case 'readonly':
      return plainAt(def.innerType, depth + 1);
    case 'array':
      return plainAt(def.element, depth + 1);
    case 'tuple':
      return (
        Array.isArray(def.items) &&
        def.items.every((item) => plainAt(item, depth + 1)) &&
        (def.rest === undefined || def.rest === null || plainAt(def.rest, depth + 1))
      );
    case 'union':
      return Array.isArray(def.options) && def.options.every((o) => plainAt(o, depth + 1));
    case 'object': {
      const catchall = (def.catchall as { _zod?: { def?: Def } } | undefined)?._zod?.def;
      if (def.catchall !== undefined && catchall?.type !== 'never') return false;
      const shape = def.shape;
      if (typeof shape !== 'object' || shape === null) return false;
      if (Object.prototype.hasOwnProperty.call(shape, '__proto__')) return false;
      return Object.values(shape).every((member) => plainAt(member, depth + 1));
    }
    default:
      return false;
  }
}

function jsonPrimitive(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    value === null ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}
