import { z } from 'zod';
import type { FormatRule, IssuePathSegment } from './manifestIssues';
import {
  HTTPS_URL,
  PROMETHEUS_LABEL_NAME,
  PROMETHEUS_METRIC_NAME,
  SNAKE_NAME,
} from './manifestVocabulary';

/**
 * What a schema accepts, as data: worded by manifestMessages.ts for issue messages and for the
 * generated reference, so both say the same thing.
 */
export type ExpectedShape =
  | { kind: 'string'; minLength?: number; maxLength?: number; rule?: FormatRule }
  | { kind: 'integer' | 'number'; minimum?: number; maximum?: number }
  | { kind: 'boolean' }
  | { kind: 'one_of'; values: readonly unknown[] }
  | { kind: 'array'; item: ExpectedShape; minItems?: number; maxItems?: number }
  | {
      kind: 'map';
      key: ExpectedShape;
      value: ExpectedShape;
      minEntries?: number;
      maxEntries?: number;
    }
  | { kind: 'object'; required: readonly string[] }
  | { kind: 'any_of'; options: readonly ExpectedShape[] }
  | { kind: 'unknown' };

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  pattern?: RegExp;
}

const KNOWN_PATTERNS: ReadonlyArray<[RegExp, FormatRule]> = [
  [SNAKE_NAME, 'snake_name'],
  [PROMETHEUS_METRIC_NAME, 'metric_name'],
  [PROMETHEUS_LABEL_NAME, 'label_name'],
  [HTTPS_URL, 'https_url'],
];

/** The named rule of a pattern, as zod reports it (a RegExp, its source or its toString). */
export function formatRuleOf(pattern: unknown): FormatRule {
  const text = pattern instanceof RegExp ? String(pattern) : String(pattern);
  for (const [regex, rule] of KNOWN_PATTERNS) {
    if (text === String(regex) || text === regex.source) return rule;
  }
  return { pattern: text };
}

/** Strips optional wrappers: the reference says "required" separately. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current;
}

export function isOptionalSchema(schema: z.ZodType): boolean {
  return schema instanceof z.ZodOptional;
}

/** The schema of the value at `path`, or undefined where the schema has no such place. */
export function schemaAt(
  root: z.ZodType,
  path: readonly IssuePathSegment[],
): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const segment of path) {
    if (current === undefined) return undefined;
    const schema = unwrapSchema(current);
    if (schema instanceof z.ZodObject && typeof segment === 'string') {
      const shape = schema.shape as Record<string, z.ZodType>;
      current = Object.hasOwn(shape, segment) ? shape[segment] : undefined;
    } else if (schema instanceof z.ZodRecord && typeof segment === 'string') {
      current = schema.valueType as z.ZodType;
    } else if (schema instanceof z.ZodArray && typeof segment === 'number') {
      current = schema.element as z.ZodType;
    } else {
      return undefined;
    }
  }
  return current;
}

/** The field names of an object schema (for "allowed fields are ..."), else none. */
export function fieldNamesOf(schema: z.ZodType | undefined): string[] {
  const inner = schema && unwrapSchema(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

export function describeExpected(schema: z.ZodType | undefined): ExpectedShape {
  if (schema === undefined) return { kind: 'unknown' };
  const inner = unwrapSchema(schema);
  const checks = checkDefsOf(inner);
  const bound = (name: string, key: 'minimum' | 'maximum') =>
    checks.find((c) => c.check === name)?.[key];
  if (inner instanceof z.ZodString) {
    const pattern = checks.find((c) => c.pattern !== undefined)?.pattern;
    return withoutUndefined({
      kind: 'string',
      minLength: inner.minLength ?? undefined,
      maxLength: inner.maxLength ?? undefined,
      rule: pattern ? formatRuleOf(pattern) : undefined,
    });
  }
  if (inner instanceof z.ZodNumber) {
    const unbounded = (n: number | null) =>
      n === null || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n;
    return withoutUndefined({
      kind: inner.isInt || inner.format === 'safeint' ? 'integer' : 'number',
      minimum: unbounded(inner.minValue),
      maximum: unbounded(inner.maxValue),
    });
  }
  if (inner instanceof z.ZodBoolean) return { kind: 'boolean' };
  if (inner instanceof z.ZodEnum) return { kind: 'one_of', values: inner.options };
  if (inner instanceof z.ZodLiteral) return { kind: 'one_of', values: [...inner.values] };
  if (inner instanceof z.ZodArray) {
    return withoutUndefined({
      kind: 'array',
      item: describeExpected(inner.element as z.ZodType),
      minItems: bound('min_length', 'minimum'),
      maxItems: bound('max_length', 'maximum'),
    });
  }
  if (inner instanceof z.ZodRecord) {
    const meta = z.globalRegistry.get(inner) as
      { minProperties?: number; maxProperties?: number } | undefined;
    return withoutUndefined({
      kind: 'map',
      key: describeExpected(inner.keyType as z.ZodType),
      value: describeExpected(inner.valueType as z.ZodType),
      minEntries: meta?.minProperties,
      maxEntries: meta?.maxProperties,
    });
  }
  if (inner instanceof z.ZodObject) {
    const shape = inner.shape as Record<string, z.ZodType>;
    const required = Object.keys(shape).filter((k) => !isOptionalSchema(shape[k]!));
    return { kind: 'object', required };
  }
  if (inner instanceof z.ZodUnion) {
    return { kind: 'any_of', options: inner.options.map((o) => describeExpected(o as z.ZodType)) };
  }
  return { kind: 'unknown' };
}

function checkDefsOf(schema: z.ZodType): CheckDef[] {
  const checks = (schema._zod.def as { checks?: Array<{ _zod: { def: unknown } }> }).checks;
  return (checks ?? []).map((c) => c._zod.def as CheckDef);
}

// exactOptionalPropertyTypes-friendly: absent bounds are left out, not set to undefined.
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
